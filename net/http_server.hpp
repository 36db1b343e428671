#pragma once
// An HTTP/1.1 listener on Boost.Beast: one strand per connection, keep-alive, a body limit,
// read/idle timeouts, a per-request deadline, and a graceful stop. Handlers are plain functions
// (net/http_types.hpp); Beast stays inside http_server.cpp.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "net/router.hpp"

namespace boost::asio {
class io_context;
}

namespace centralita::net {

/// The limits of one listener.
struct server_limits {
  size_t body_limit = 1024 * 1024;
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

/// One listening port serving one router.
class http_server {
 public:
  /// `name` labels the metrics ("api", "gateway").
  http_server(boost::asio::io_context& io, std::string name, std::shared_ptr<const router> routes,
              server_limits limits);
  ~http_server();

  /// Sets the policy; call before listen().
  void set_policy(http_policy policy);
  /// Binds and starts accepting; the bound port is `port()` (useful with port 0).
  status listen(const std::string& address, uint16_t port);
  uint16_t port() const;
  /// Stops accepting; connections finish the request they are on, then close.
  void stop_accepting();
  /// Requests read and not yet answered.
  int64_t in_flight() const;

  struct shared;

 private:
  std::shared_ptr<shared> shared_;
};

}  // namespace centralita::net
