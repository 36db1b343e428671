#pragma once
// The live listener: a thread with a PostgreSQL session of its own that LISTENs to the live
// channel. When another node (or this one) stores live events it is woken with the tenant and
// its highest seq, reads back the events its subscribers have not been handed yet, in seq
// order, and gives them to the subscriber registry, which fans out each seq once. A short poll
// of the tenants' counters is the safety net for a missed notification (a reconnect, an
// outage). It also relays the presence frames other nodes NOTIFY (presence_channel) to this
// node's sockets. docs/architecture.md, "Cluster".

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"

namespace centralita::actors {

class subscriber_registry;

class live_listener {
 public:
  /// Where another node's presence frame for a tenant goes (this node's sockets of it).
  using presence_sink = std::function<void(int64_t tenant_id, const std::string& frame)>;

  /// `node_id`: this node's, so its own presence frames are not relayed twice.
  live_listener(std::string database_url, std::shared_ptr<subscriber_registry> subscribers,
                std::string node_id);
  ~live_listener();
  live_listener(const live_listener&) = delete;
  live_listener& operator=(const live_listener&) = delete;

  /// Connects, LISTENs and takes every tenant's highest seq as handed out (there are no
  /// subscribers yet), then follows on a thread. Fails when the database is unreachable.
  status start();
  /// Stops the thread (within a poll interval).
  void stop();
  /// Sets (or, with an empty function, clears) where other nodes' presence frames go.
  void on_presence(presence_sink sink);

 private:
  struct session;
  void run();
  void relay_presence(const std::string& payload);
  std::string url_;
  std::shared_ptr<subscriber_registry> subscribers_;
  std::string node_id_;
  std::mutex presence_mutex_;
  presence_sink presence_;
  std::unique_ptr<session> session_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace centralita::actors
