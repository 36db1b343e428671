#pragma once
// What a listener shares with its connections: the acceptor, the routes, limits and policy, the
// live feed and the open sockets. Private to the listener's own files (net/http_server.cpp,
// net/http_session.cpp, net/ws_session.cpp), the only ones that see Asio; net/http_server.hpp
// keeps it hidden from everyone else.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "net/http_server.hpp"
#include "net/presence_hub.hpp"

namespace centralita::net {

// The listener's files name Beast and Asio the same way.
namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct http_server::shared {
  asio::io_context& io;
  std::string name;
  std::shared_ptr<const router> routes;
  server_limits limits;
  http_policy policy;
  live_feed feed;
  presence_hub presence;
  tcp::acceptor acceptor;
  std::atomic<int64_t> in_flight{0};
  std::atomic<bool> stopping{false};
  /// How to close each open WebSocket (from any thread), by id; for close_sockets().
  std::mutex sockets_mutex;
  std::unordered_map<uint64_t, std::function<void()>> sockets;
  uint64_t next_socket = 1;

  shared(asio::io_context& i, std::string n, std::shared_ptr<const router> r, server_limits l)
      : io(i),
        name(std::move(n)),
        routes(std::move(r)),
        limits(l),
        acceptor(asio::make_strand(i)) {}

  /// Counts one answered request in the listener's metrics.
  void count(const std::string& route, int status, double seconds);
};

}  // namespace centralita::net
