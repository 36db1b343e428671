#pragma once
// Who is viewing a conversation and who is typing (docs/protocols.md §Presence): small frames a
// dashboard sends on its WebSocket, relayed at once to the tenant's other sockets on this node,
// and through PostgreSQL's NOTIFY to the other nodes' (live_feed::share_presence).
// They are live-only: never numbered, stored or replayed (a missed one is stale anyway, and the
// next "viewing" refreshes it).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace centralita::net {

/// The relayed frame for a client's `{"type":"viewing"|"typing","conversation_id":N}` (N a
/// positive integer; `viewing` also takes null: viewing nothing now), as
/// `{"type":"presence","data":{"kind",...,"conversation_id","user_id"}}`. Anything else (other
/// keys or types, an id that is not a number, more than 200 bytes) is nullopt: not relayed.
std::optional<std::string> presence_frame(std::string_view client_text, int64_t user_id);

/// The frame telling the others that a user's socket went away.
std::string presence_left_frame(int64_t user_id);

/// At most `burst` frames per `window` for one socket; the rest are dropped.
class presence_rate {
 public:
  presence_rate(int burst, std::chrono::milliseconds window) : burst_(burst), window_(window) {}
  /// True when one more frame may pass now.
  bool allow(std::chrono::steady_clock::time_point now);

 private:
  int burst_;
  std::chrono::milliseconds window_;
  std::chrono::steady_clock::time_point started_{};
  int count_ = 0;
};

/// The sockets of each tenant that take presence frames. Thread-safe.
class presence_hub {
 public:
  /// Called from any thread; must only hand the frame to the socket's own executor.
  using deliver_fn = std::function<void(std::shared_ptr<const std::string> frame)>;

  /// Adds a socket of `tenant_id`; the id is for leave() and relay().
  uint64_t join(int64_t tenant_id, deliver_fn deliver);
  void leave(uint64_t id);
  /// Hands `frame` to every socket of the socket `from`'s tenant but `from` itself.
  void relay(uint64_t from, const std::string& frame);
  /// Hands `frame` (from another node) to every socket of `tenant_id`.
  void relay_to_tenant(int64_t tenant_id, const std::string& frame);

 private:
  std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, int64_t> tenant_of_;
  std::unordered_map<int64_t, std::unordered_map<uint64_t, std::shared_ptr<deliver_fn>>> by_tenant_;
};

/// One socket's place in its tenant's presence relay: its valid frames, within the rate, go to
/// the tenant's other sockets here and, through `share`, to the other nodes'; leaving tells them
/// the user's socket went away.
class presence_member {
 public:
  using share_fn = std::function<void(int64_t tenant_id, const std::string& frame)>;

  /// Presence frames one socket may send: more are dropped.
  static constexpr int burst = 10;
  static constexpr std::chrono::seconds window{5};

  bool joined() const { return id_ != 0; }
  /// Joins `hub` as user `user_id` of `tenant_id`; the others' frames go to `deliver`.
  void join(presence_hub& hub, share_fn share, int64_t tenant_id, int64_t user_id,
            presence_hub::deliver_fn deliver);
  /// What the client sent once live: relayed when it is a presence frame within the rate.
  void from_client(std::string_view text, std::chrono::steady_clock::time_point now);
  void leave();

 private:
  void relay(const std::string& frame);

  presence_hub* hub_ = nullptr;
  share_fn share_;
  int64_t tenant_id_ = 0;
  int64_t user_id_ = 0;
  uint64_t id_ = 0;
  presence_rate rate_{burst, window};
};

}  // namespace centralita::net
