#include "net/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include <functional>
#include <mutex>
#include <vector>

#include "common/metrics.hpp"
#include "net/http_listener.hpp"
#include "net/http_session.hpp"

namespace centralita::net {

void http_server::shared::count(const std::string& route, int status, double seconds) {
  auto labels =
      "listener=\"" + name + "\",route=\"" + route + "\",status=\"" + std::to_string(status) + "\"";
  auto& reg = metrics::registry::global();
  reg.get_counter("centralita_http_requests_total", "HTTP requests by route and status", labels)
      .inc();
  reg.get_histogram("centralita_http_request_seconds", "HTTP request latency by route",
                    "listener=\"" + name + "\",route=\"" + route + "\"")
      .observe(seconds);
}

http_server::http_server(asio::io_context& io, std::string name,
                         std::shared_ptr<const router> routes, server_limits limits)
    : shared_(std::make_shared<shared>(io, std::move(name), std::move(routes), limits)) {}

http_server::~http_server() { stop_accepting(); }

status http_server::listen(const std::string& address, uint16_t port) {
  beast::error_code ec;
  auto addr = asio::ip::make_address(address, ec);
  if (ec) return make_error(errc::invalid_input, "configuration CENTRALITA_BIND: " + ec.message());
  tcp::endpoint ep{addr, port};
  auto& a = shared_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(errc::unavailable, "cannot listen on " + address + ":" +
                                             std::to_string(port) + ": " + ec.message());
  }
  accept_connections(shared_);
  return ok_status();
}

void http_server::set_policy(http_policy policy) { shared_->policy = std::move(policy); }

void http_server::set_live_feed(live_feed feed) { shared_->feed = std::move(feed); }

void http_server::deliver_presence(int64_t tenant_id, const std::string& frame) {
  shared_->presence.relay_to_tenant(tenant_id, frame);
}

uint16_t http_server::port() const {
  beast::error_code ec;
  return shared_->acceptor.local_endpoint(ec).port();
}

void http_server::stop_accepting() {
  shared_->stopping = true;
  asio::post(shared_->acceptor.get_executor(), [s = shared_] {
    beast::error_code ec;
    s->acceptor.close(ec);
  });
}

int64_t http_server::in_flight() const { return shared_->in_flight.load(); }

void http_server::close_sockets() {
  std::vector<std::function<void()>> closers;
  {
    std::lock_guard<std::mutex> lock{shared_->sockets_mutex};
    for (const auto& [id, close] : shared_->sockets) closers.push_back(close);
  }
  for (const auto& close : closers) close();
}

size_t http_server::open_sockets() const {
  std::lock_guard<std::mutex> lock{shared_->sockets_mutex};
  return shared_->sockets.size();
}

}  // namespace centralita::net
