#pragma once
// What ends access at once, in this process: the open dashboard WebSockets by user (closed when
// the user's sessions end, the user is deactivated or the tenant suspended) and the suspended
// tenants, whose webhooks the gateway refuses. REST requests need neither: every one checks its
// session in the database (net/api_auth.hpp). Sockets and the gate are per process, as the live
// events are (docs/architecture.md, invariants 11 and 12); the gate is a short-lived copy of the
// database's suspended tenants, read again every tenant_poll (watch_suspended_tenants), so a
// suspension made on another node holds here within a second too.

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace centralita::net {

/// Open sockets by user and the suspended tenants; thread-safe, shared by the listeners.
class access_control {
 public:
  /// Watches a socket of `user_id` in `tenant_id`: `close` (which must only post to the
  /// socket's executor) is called at most once, when the socket's session ends. Returns the id
  /// for unwatch_socket().
  uint64_t watch_socket(int64_t tenant_id, int64_t user_id, std::function<void()> close);
  /// Stops watching (the socket is gone).
  void unwatch_socket(uint64_t id);
  /// Closes every socket of the user.
  void end_user_sessions(int64_t tenant_id, int64_t user_id);
  /// Marks the tenant suspended or not; suspending closes every socket of the tenant.
  void set_suspended(int64_t tenant_id, bool suspended);
  /// How many set_suspended() calls this process made: a read of the database started before
  /// one of them may miss it, so load_suspended() drops such a read.
  uint64_t changes() const;
  /// Replaces the suspended tenants with those read from the database (when no set_suspended()
  /// came since `changes_before`, what changes() said before the read began), closing the
  /// sockets of the newly suspended ones.
  void load_suspended(const std::vector<int64_t>& tenant_ids, uint64_t changes_before);
  /// Whether the tenant is suspended (its webhooks answer 403).
  bool suspended(int64_t tenant_id) const;
  /// Called (outside the lock, from any thread) when a user's first socket of this process
  /// opens (true) or their last one closes (false): presence (net/presence.hpp).
  void set_presence_listener(std::function<void(int64_t tenant_id, int64_t user_id, bool)> f);
  /// The users with a socket open in this process.
  std::vector<int64_t> connected_users() const;

 private:
  struct socket_entry {
    int64_t tenant_id = 0;
    int64_t user_id = 0;
    std::function<void()> close;
  };
  // Takes out the sockets `match` selects and calls their close functions outside the lock.
  void close_where(const std::function<bool(const socket_entry&)>& match);

  // Counts one socket out of `sockets_` and says whether it was the user's last (under lock).
  bool release(const socket_entry& s);

  mutable std::mutex sockets_mutex_;
  std::unordered_map<int64_t, int> per_user_;  ///< open sockets by user id
  std::function<void(int64_t, int64_t, bool)> presence_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, socket_entry> sockets_;
  mutable std::shared_mutex suspended_mutex_;
  std::unordered_set<int64_t> suspended_;
  uint64_t changes_ = 0;
};

}  // namespace centralita::net
