#pragma once
// Presence kept in the database (docs/architecture.md §Presence): this process vouches for the
// users whose dashboard sockets it holds by refreshing users.last_seen_at (at each user's first
// socket, at their last socket's close, and every third of CENTRALITA_PRESENCE_AWAY_S while one
// is open), and announces `presence.changed` when a user's first socket opens or last closes.
// With several processes on one database each vouches for its own sockets; a process that
// dies stops, and its users go away once the away time has passed.

#include <atomic>
#include <memory>

#include "net/access_control.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace centralita::actors {
class node;
}  // namespace centralita::actors

namespace centralita::net {

/// Refreshes presence for the sockets of `access`; runs on `io` until stop().
class presence_keeper {
 public:
  presence_keeper(boost::asio::io_context& io, actors::node& node,
                  std::shared_ptr<access_control> access, int away_s,
                  std::shared_ptr<std::atomic<bool>> node_alive);
  ~presence_keeper();
  presence_keeper(const presence_keeper&) = delete;
  presence_keeper& operator=(const presence_keeper&) = delete;

  /// Listens to the sockets and starts the periodic refresh.
  void start();
  /// Stops the periodic refresh (the listener checks `node_alive`).
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace centralita::net
