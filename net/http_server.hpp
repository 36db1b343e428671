#pragma once
// An HTTP/1.1 listener on Boost.Beast: one strand per connection, keep-alive, a body limit,
// read/idle timeouts, a per-request deadline, and a graceful stop. Handlers are plain functions
// (net/http_types.hpp); Beast stays inside the listener's own files (net/http_listener.hpp).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/live_batch.hpp"
#include "common/result.hpp"
#include "net/router.hpp"

namespace boost::asio {
class io_context;
}

namespace centralita::net {

/// The limits of one listener.
struct server_limits {
  size_t body_limit = 1024 * 1024;
  /// Routes allowed a larger body than `body_limit` (path -> limit; a `{name}` segment matches
  /// any one segment), e.g. recordings and attachments.
  std::vector<std::pair<std::string, size_t>> route_body_limits;
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds request_timeout{10000};
};

/// Listener-wide behaviour around the router (the API listener's CORS and security headers).
struct http_policy {
  /// May answer a request before it is routed (a CORS preflight); nullopt: route it.
  std::function<std::optional<response>(const request&)> before;
  /// Adjusts every response of the listener, its own errors too (404, 405, 413, timeouts). The
  /// request has no body; for an answer to an unreadable request it is empty.
  std::function<void(const request&, response&)> after;
};

/// Whether a socket's session may go on: refused sockets are closed with
/// ws_close_session_ended (the dashboard signs in again), unavailable ones with 1013 (retry).
enum class ws_admission { admitted, refused, unavailable };

/// The close code of a socket whose session ended (sign-out everywhere, deactivation, the
/// tenant suspended); from the private range of RFC 6455 §7.4.2.
inline constexpr uint16_t ws_close_session_ended = 4401;
/// The close code of the sockets of a node that drains (RFC 6455 1012, "service restart"): the
/// dashboard reconnects at once, through the load balancer, to another node.
inline constexpr uint16_t ws_close_service_restart = 1012;

/// The live event feed behind `GET /ws?token=<jwt>` (the API listener's WebSocket). Plain
/// functions, so that this header needs neither the actors nor Beast.
struct live_feed {
  /// The tenant the `token` query parameter signs in to; nullopt answers 401.
  std::function<std::optional<int64_t>(const std::string& token)> authorize;
  /// Subscribes `push` (called from any thread; must only enqueue the batch, then drop
  /// `taken`) and returns the id.
  std::function<uint64_t(int64_t tenant_id, live_batch_sink push)> subscribe;
  std::function<void(uint64_t id)> unsubscribe;
  /// The stored frames with seq > `after`, in order; `done` may never be called.
  std::function<void(int64_t tenant_id, int64_t after,
                     std::function<void(std::vector<std::string>, bool)> done)>
      replay;
  /// Optional. Checks the token's session (later, from any thread: `done`) and watches the
  /// socket until forget(): `end` (from any thread) when the session ends. Returns the id for
  /// forget(). Live events flow only once admitted.
  std::function<uint64_t(const std::string& token, std::function<void(ws_admission)> done,
                         std::function<void()> end)>
      admit;
  std::function<void(uint64_t id)> forget;
  /// Optional. The user the token signs in, for the presence frames the socket relays
  /// (net/presence_hub.hpp); without it a socket relays none.
  std::function<std::optional<int64_t>(const std::string& token)> user_of;
  /// Optional. Hands a presence frame of a socket here to the other nodes of a cluster.
  std::function<void(int64_t tenant_id, const std::string& frame)> share_presence;
};

/// One listening port serving one router.
class http_server {
 public:
  /// `name` labels the metrics ("api", "gateway").
  http_server(boost::asio::io_context& io, std::string name, std::shared_ptr<const router> routes,
              server_limits limits);
  ~http_server();

  /// Sets the policy; call before listen().
  void set_policy(http_policy policy);
  /// Serves `GET /ws` with `feed`; call before listen().
  void set_live_feed(live_feed feed);
  /// Another node's presence frame: to every socket of the tenant here. Any thread.
  void deliver_presence(int64_t tenant_id, const std::string& frame);
  /// Binds and starts accepting; the bound port is `port()` (useful with port 0).
  status listen(const std::string& address, uint16_t port);
  uint16_t port() const;
  /// Stops accepting; connections finish the request they are on, then close.
  void stop_accepting();
  /// Requests read and not yet answered.
  int64_t in_flight() const;
  /// Closes every open WebSocket with ws_close_service_restart (a drain).
  void close_sockets();
  /// WebSockets open now.
  size_t open_sockets() const;

  struct shared;

 private:
  std::shared_ptr<shared> shared_;
};

}  // namespace centralita::net
