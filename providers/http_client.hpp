#pragma once
// A small blocking HTTP/1.1 client for the outbound providers: http and https (certificate
// and host name verified), a connect timeout and a whole-request timeout. Each call runs its
// own private io_context on the calling thread, so it belongs in a detached actor, never on a
// shared scheduler or I/O thread. One connection per call (sends are few; keep-alive can come
// when a provider needs the throughput).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace centralita::providers {

/// A URL split for a request.
struct url_parts {
  bool tls = false;
  std::string host;
  uint16_t port = 80;
  std::string path;  ///< without a trailing slash; "" for the root
};

/// Parses an http:// or https:// URL (no user info, no query); errc::invalid_input otherwise.
result<url_parts> parse_url(const std::string& url);

/// One request.
struct http_call {
  std::string method = "POST";
  url_parts target;
  std::string path;  ///< absolute path, e.g. "/api/v2/bot/messages"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{3000};  ///< resolving, connecting, TLS handshake
  std::chrono::milliseconds timeout{10000};         ///< writing the request and reading the answer
  size_t max_answer_bytes = size_t{1} << 20;        ///< a longer answer body is an error
  /// Connect only to public addresses (is_public_ip): for URLs that came from outside, so a
  /// hostile one cannot reach this machine or its private network. errc::forbidden when the
  /// host has no public address.
  bool public_only = false;
};

/// True for an IPv4 or IPv6 address on the public internet: not loopback, private (10/8,
/// 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local, multicast, reserved or
/// unspecified; an IPv4-mapped IPv6 address is judged by its IPv4 address. False for text that
/// is not an address.
bool is_public_ip(const std::string& address);

/// One answer: header names lower-cased.
struct http_answer {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
};

/// Sends and reads the answer. errc::unavailable for every transport failure (resolve,
/// connect, TLS, reset, timeout), with a message saying which; errc::payload_too_large when
/// the answer's body is over `max_answer_bytes`; errc::forbidden for a host `public_only`
/// refuses.
result<http_answer> http_send(const http_call& call);

}  // namespace centralita::providers
