#pragma once
// A small blocking HTTP/1.1 client over POSIX sockets for the tests and the bench: keep-alive,
// Content-Length and chunked bodies, a receive deadline. No TLS, no Boost (quick to compile).

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace centralita::testkit {

/// A response: status code, headers (names lower-cased; repeated ones joined with ", "), body.
struct http_response {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;

  /// The value of header `name` (lower-case), or "" when absent.
  std::string header(const std::string& name) const;
};

/// Request headers, sent in order.
using http_headers = std::vector<std::pair<std::string, std::string>>;

/// Thrown when the server can't be reached, the deadline passes, or the response is malformed.
class http_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One keep-alive HTTP/1.1 connection to host:port, used by one thread at a time.
class http_connection {
 public:
  /// Connects lazily, on the first request; `timeout` bounds connecting and each response.
  http_connection(std::string host, uint16_t port,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~http_connection();
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;
  /// Moves the socket; the source is left closed.
  http_connection(http_connection&& other) noexcept;
  /// Closes this socket and takes over the other's.
  http_connection& operator=(http_connection&& other) noexcept;

  /// Sends one request and reads the whole response. Adds Host and Content-Length, and
  /// `Content-Type: application/json` when there is a body and no Content-Type header was given.
  /// When a reused connection turns out to have been closed by the server before the request
  /// reached it, reconnects once and resends. Throws http_error; the connection is then closed
  /// and the next request reconnects.
  http_response request(const std::string& method, const std::string& target,
                        const std::string& body = {}, const http_headers& headers = {});

  /// Closes the socket (the next request reconnects).
  void close();
  /// True while a socket is open.
  bool is_open() const { return fd_ >= 0; }
  /// How many TCP connections this object has opened so far.
  int connects() const { return connects_; }

 private:
  void connect();
  bool peer_closed() const;
  void send_all(const std::string& data);
  bool fill(std::chrono::steady_clock::time_point deadline);
  std::string read_line(std::chrono::steady_clock::time_point deadline);
  void read_exact(size_t n, std::string& out, std::chrono::steady_clock::time_point deadline);
  void read_chunked(std::string& out, std::chrono::steady_clock::time_point deadline);
  http_response read_response(const std::string& method, bool& keep_alive);

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  int connects_ = 0;
  std::string buffer_;  // bytes received and not yet consumed
  size_t pos_ = 0;      // consumed prefix of buffer_
};

/// One request on a fresh connection to 127.0.0.1:port.
http_response http_request(uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body = {}, const http_headers& headers = {});

/// Polls GET target on 127.0.0.1:port until it answers 200 or `timeout` passes; true on 200.
bool wait_for_http_ok(uint16_t port, const std::string& target,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace centralita::testkit
