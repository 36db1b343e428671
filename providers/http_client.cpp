#include "providers/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace centralita::providers {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

error transport(const std::string& step, const error_code& ec) {
  std::string why = ec == beast::error::timeout || ec == asio::error::operation_aborted
                        ? std::string{"timed out"}
                        : ec.message();
  return make_error(errc::unavailable, step + ": " + why, "provider_unreachable");
}

// Runs one asynchronous step to completion on the private io_context.
template <class Start>
error_code run_step(asio::io_context& ioc, Start&& start) {
  error_code result = asio::error::would_block;
  start([&result](error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

// Resolves with a deadline (the resolver has no timeout of its own).
result<tcp::resolver::results_type> resolve(asio::io_context& ioc, const url_parts& t,
                                            std::chrono::milliseconds timeout) {
  tcp::resolver resolver{ioc};
  asio::steady_timer timer{ioc, timeout};
  tcp::resolver::results_type found;
  error_code result = asio::error::would_block;
  resolver.async_resolve(t.host, std::to_string(t.port),
                         [&](error_code ec, tcp::resolver::results_type r) {
                           result = ec;
                           found = std::move(r);
                           timer.cancel();
                         });
  timer.async_wait([&](error_code ec) {
    if (!ec) resolver.cancel();
  });
  ioc.restart();
  ioc.run();
  if (result) return transport("resolve " + t.host, result);
  return found;
}

template <class Stream>
result<http_answer> exchange(asio::io_context& ioc, Stream& stream, const http_call& call) {
  http::request<http::string_body> req{call.method == "GET" ? http::verb::get : http::verb::post,
                                       call.path, 11};
  req.set(http::field::host, call.target.host);
  req.set(http::field::user_agent, "centralita");
  for (const auto& [name, value] : call.headers) req.set(name, value);
  req.body() = call.body;
  req.prepare_payload();

  beast::get_lowest_layer(stream).expires_after(call.timeout);
  if (auto ec = run_step(ioc, [&](auto h) { http::async_write(stream, req, std::move(h)); })) {
    return transport("send", ec);
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(call.max_answer_bytes);
  if (auto ec =
          run_step(ioc, [&](auto h) { http::async_read(stream, buffer, parser, std::move(h)); })) {
    // Too long an answer is the answer's fault, not the network's: retrying will not help.
    if (ec == http::error::body_limit) {
      return make_error(errc::payload_too_large,
                        "the answer is over " + std::to_string(call.max_answer_bytes) + " bytes",
                        "answer_too_large");
    }
    return transport("read the answer", ec);
  }
  auto& res = parser.get();
  http_answer out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name{field.name_string()};
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.headers[name] = std::string{field.value()};
  }
  out.body = std::move(res.body());
  return out;
}

}  // namespace

result<url_parts> parse_url(const std::string& url) {
  auto bad = [&] {
    return make_error(errc::invalid_input, "not an http:// or https:// URL", "invalid_url");
  };
  url_parts u;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    u.port = 443;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return bad();
  }
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
  if (authority.empty() || authority.find('@') != std::string::npos ||
      u.path.find_first_of("?# ") != std::string::npos) {
    return bad();
  }
  auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    auto port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return bad();
    }
    long n = std::stol(port);
    if (n < 1 || n > 65535) return bad();
    u.port = static_cast<uint16_t>(n);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return bad();
  u.host = authority;
  return u;
}

namespace {

bool is_public(const asio::ip::address& a) {
  if (a.is_v6()) {
    auto v6 = a.to_v6();
    if (v6.is_v4_mapped()) return is_public(v6.to_v4());
    auto b = v6.to_bytes();
    if (v6.is_loopback() || v6.is_unspecified() || v6.is_multicast()) return false;
    if ((b[0] & 0xfe) == 0xfc) return false;                  // fc00::/7 unique local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local
    return true;
  }
  auto b = a.to_v4().to_bytes();
  if (b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224) return false;
  if (b[0] == 100 && (b[1] & 0xc0) == 64) return false;  // 100.64/10 shared
  if (b[0] == 169 && b[1] == 254) return false;          // link-local
  if (b[0] == 172 && (b[1] & 0xf0) == 16) return false;  // 172.16/12
  if (b[0] == 192 && b[1] == 168) return false;
  if (b[0] == 192 && b[1] == 0 && b[2] == 0) return false;  // protocol assignments
  if (b[0] == 198 && (b[1] & 0xfe) == 18) return false;     // benchmarking
  return true;
}

}  // namespace

bool is_public_ip(const std::string& address) {
  error_code ec;
  auto a = asio::ip::make_address(address, ec);
  return !ec && is_public(a);
}

namespace {

// The endpoints a call may connect to: all of them, or only the public ones.
result<std::vector<tcp::endpoint>> allowed_endpoints(const tcp::resolver::results_type& found,
                                                     const http_call& call) {
  std::vector<tcp::endpoint> out;
  for (const auto& e : found) {
    if (!call.public_only || is_public(e.endpoint().address())) out.push_back(e.endpoint());
  }
  if (out.empty()) {
    return make_error(errc::forbidden, call.target.host + " has no public address",
                      "private_address");
  }
  return out;
}

}  // namespace

result<http_answer> http_send(const http_call& call) {
  asio::io_context ioc{1};
  auto resolved = resolve(ioc, call.target, call.connect_timeout);
  if (!resolved) return resolved.error();
  auto found = allowed_endpoints(*resolved, call);
  if (!found) return found.error();
  if (!call.target.tls) {
    beast::tcp_stream stream{ioc};
    stream.expires_after(call.connect_timeout);
    if (auto ec = run_step(ioc, [&](auto h) { stream.async_connect(*found, std::move(h)); })) {
      return transport("connect", ec);
    }
    auto out = exchange(ioc, stream, call);
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return out;
  }
  asio::ssl::context tls{asio::ssl::context::tls_client};
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream{ioc, tls};
  if (!SSL_set_tlsext_host_name(stream.native_handle(), call.target.host.c_str())) {
    return make_error(errc::unavailable, "TLS: cannot set the server name", "provider_unreachable");
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(call.target.host));
  beast::get_lowest_layer(stream).expires_after(call.connect_timeout);
  if (auto ec = run_step(ioc, [&](auto h) {
        beast::get_lowest_layer(stream).async_connect(*found, std::move(h));
      })) {
    return transport("connect", ec);
  }
  if (auto ec = run_step(ioc, [&](auto h) {
        stream.async_handshake(asio::ssl::stream_base::client, std::move(h));
      })) {
    return transport("TLS handshake", ec);
  }
  return exchange(ioc, stream, call);
}

}  // namespace centralita::providers
