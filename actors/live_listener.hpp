#pragma once
// The live listener: a thread with a PostgreSQL session of its own that LISTENs to the live
// channel. When another node (or this one) stores live events it is woken with the tenant and
// its highest seq, reads back the events its subscribers have not been handed yet, in seq
// order, and gives them to the subscriber registry, which fans out each seq once. A short poll
// of the tenants' counters is the safety net for a missed notification (a reconnect, an
// outage). docs/architecture.md, "Cluster".

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "common/result.hpp"

namespace centralita::actors {

class subscriber_registry;

class live_listener {
 public:
  live_listener(std::string database_url, std::shared_ptr<subscriber_registry> subscribers);
  ~live_listener();
  live_listener(const live_listener&) = delete;
  live_listener& operator=(const live_listener&) = delete;

  /// Connects, LISTENs and takes every tenant's highest seq as handed out (there are no
  /// subscribers yet), then follows on a thread. Fails when the database is unreachable.
  status start();
  /// Stops the thread (within a poll interval).
  void stop();

 private:
  struct session;
  void run();
  std::string url_;
  std::shared_ptr<subscriber_registry> subscribers_;
  std::unique_ptr<session> session_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace centralita::actors
