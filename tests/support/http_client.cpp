#include "tests/support/http_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>

#include "tests/support/text.hpp"

namespace centralita::testkit {

namespace {

using clock_type = std::chrono::steady_clock;

// The server closed a reused connection before answering: the request never reached it.
class stale_connection : public http_error {
 public:
  stale_connection() : http_error("connection closed by the server before a response") {}
};

constexpr size_t max_line = size_t{64} * 1024;

bool has_header(const http_headers& headers, const std::string& name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return lower(h.first) == name; });
}

int remaining_ms(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
  return static_cast<int>(std::max<int64_t>(left.count(), 0));
}

std::string system_error(const std::string& what, int err) {
  return what + ": " + std::strerror(err);
}

}  // namespace

std::string http_response::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

http_connection::http_connection(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

http_connection::~http_connection() { close(); }

http_connection::http_connection(http_connection&& other) noexcept
    : host_(std::move(other.host_)),
      port_(other.port_),
      timeout_(other.timeout_),
      fd_(std::exchange(other.fd_, -1)),
      connects_(other.connects_),
      buffer_(std::move(other.buffer_)),
      pos_(std::exchange(other.pos_, 0)) {}

http_connection& http_connection::operator=(http_connection&& other) noexcept {
  if (this != &other) {
    close();
    host_ = std::move(other.host_);
    port_ = other.port_;
    timeout_ = other.timeout_;
    fd_ = std::exchange(other.fd_, -1);
    connects_ = other.connects_;
    buffer_ = std::move(other.buffer_);
    pos_ = std::exchange(other.pos_, 0);
  }
  return *this;
}

void http_connection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  pos_ = 0;
}

void http_connection::connect() {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string where = host_ + ":" + std::to_string(port_);
  if (int rc = getaddrinfo(host_.c_str(), std::to_string(port_).c_str(), &hints, &found); rc != 0) {
    throw http_error("resolve " + where + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses{found, &freeaddrinfo};
  auto deadline = clock_type::now() + timeout_;
  int last_error = ECONNREFUSED;
  for (auto* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, remaining_ms(deadline)) == 1 ? 0 : -1;
      int err = rc == 0 ? 0 : ETIMEDOUT;
      socklen_t len = sizeof(err);
      if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      errno = err;
      rc = err == 0 ? 0 : -1;
    }
    if (rc == 0) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      fd_ = fd;
      ++connects_;
      return;
    }
    last_error = errno;
    ::close(fd);
  }
  throw http_error(system_error("connect to " + where, last_error));
}

bool http_connection::peer_closed() const {
  if (pos_ < buffer_.size()) return true;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, 0) == 0) return false;
  // Readable while idle means EOF, a reset, or unsolicited bytes (a 408 before closing): in every
  // case this connection can't carry the next request.
  return true;
}

void http_connection::send_all(const std::string& data) {
  auto deadline = clock_type::now() + timeout_;
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, remaining_ms(deadline)) == 0) throw http_error("timed out sending");
      continue;
    }
    if (sent == 0 && (errno == EPIPE || errno == ECONNRESET)) throw stale_connection();
    throw http_error(system_error("send", errno));
  }
}

// Reads more bytes into buffer_; false at end of stream (or a reset).
bool http_connection::fill(clock_type::time_point deadline) {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  std::array<char, 16384> chunk;
  for (;;) {
    int wait = remaining_ms(deadline);
    if (wait == 0) {
      throw http_error("timed out after " + std::to_string(timeout_.count()) +
                       " ms waiting for the response");
    }
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, wait);
    if (ready <= 0) continue;  // timeout or EINTR: the loop re-checks the deadline
    ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n > 0) {
      buffer_.append(chunk.data(), static_cast<size_t>(n));
      return true;
    }
    if (n == 0 || errno == ECONNRESET) return false;
    if (errno != EAGAIN && errno != EINTR) throw http_error(system_error("recv", errno));
  }
}

std::string http_connection::read_line(clock_type::time_point deadline) {
  size_t end;
  while ((end = buffer_.find("\r\n", pos_)) == std::string::npos) {
    if (buffer_.size() - pos_ > max_line) throw http_error("response line too long");
    if (!fill(deadline)) throw http_error("connection closed in the middle of a response");
  }
  std::string line = buffer_.substr(pos_, end - pos_);
  pos_ = end + 2;
  return line;
}

void http_connection::read_exact(size_t n, std::string& out, clock_type::time_point deadline) {
  while (buffer_.size() - pos_ < n) {
    if (!fill(deadline)) throw http_error("connection closed in the middle of a body");
  }
  out.append(buffer_, pos_, n);
  pos_ += n;
}

void http_connection::read_chunked(std::string& out, clock_type::time_point deadline) {
  for (;;) {
    std::string line = read_line(deadline);
    char* end = nullptr;
    unsigned long long size = std::strtoull(line.c_str(), &end, 16);
    if (end == line.c_str()) throw http_error("bad chunk size line: " + line);
    if (size == 0) break;
    read_exact(static_cast<size_t>(size), out, deadline);
    if (!read_line(deadline).empty()) throw http_error("chunk not followed by CRLF");
  }
  while (!read_line(deadline).empty()) {
    // trailer fields: not needed
  }
}

http_response http_connection::read_response(const std::string& method, bool& keep_alive) {
  auto deadline = clock_type::now() + timeout_;
  if (pos_ == buffer_.size() && !fill(deadline)) throw stale_connection();
  http_response out;
  int minor = 1;
  do {
    out.headers.clear();
    std::string status_line = read_line(deadline);
    if (status_line.size() < 12 || status_line.compare(0, 7, "HTTP/1.") != 0) {
      throw http_error("bad status line: " + status_line.substr(0, 80));
    }
    minor = status_line[7] - '0';
    out.status = std::atoi(status_line.c_str() + 9);
    for (std::string line = read_line(deadline); !line.empty(); line = read_line(deadline)) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) throw http_error("bad header line: " + line.substr(0, 80));
      std::string& value = out.headers[lower(trim(line.substr(0, colon)))];
      value += (value.empty() ? "" : ", ") + trim(line.substr(colon + 1));
    }
  } while (out.status >= 100 && out.status < 200 && out.status != 101);

  std::string connection = lower(out.header("connection"));
  keep_alive = minor >= 1 ? connection.find("close") == std::string::npos
                          : connection.find("keep-alive") != std::string::npos;
  bool no_body = method == "HEAD" || out.status == 204 || out.status == 304 || out.status < 200;
  if (no_body) return out;
  if (lower(out.header("transfer-encoding")).find("chunked") != std::string::npos) {
    read_chunked(out.body, deadline);
  } else if (auto length = out.header("content-length"); !length.empty()) {
    char* end = nullptr;
    unsigned long long size = std::strtoull(length.c_str(), &end, 10);
    if (end == length.c_str() || *end != '\0') throw http_error("bad Content-Length: " + length);
    read_exact(static_cast<size_t>(size), out.body, deadline);
  } else {
    while (fill(deadline)) {
    }
    out.body.append(buffer_, pos_, std::string::npos);
    pos_ = buffer_.size();
    keep_alive = false;
  }
  return out;
}

http_response http_connection::request(const std::string& method, const std::string& target,
                                       const std::string& body, const http_headers& headers) {
  std::string wire = method + " " + target + " HTTP/1.1\r\n";
  if (!has_header(headers, "host")) wire += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
  for (const auto& [name, value] : headers) wire += name + ": " + value + "\r\n";
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && !has_header(headers, "content-length")) {
    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (!body.empty() && !has_header(headers, "content-type")) {
    wire += "Content-Type: application/json\r\n";
  }
  wire += "\r\n";
  wire += body;

  bool reused = is_open();
  if (reused && peer_closed()) {
    close();
    reused = false;
  }
  for (;;) {
    if (!is_open()) connect();
    try {
      send_all(wire);
      bool keep_alive = true;
      http_response out = read_response(method, keep_alive);
      if (!keep_alive) close();
      return out;
    } catch (const stale_connection&) {
      close();
      // Only a reused connection may have gone stale unseen; a fresh one failing is an error.
      if (!reused) throw;
      reused = false;
    } catch (...) {
      close();
      throw;
    }
  }
}

http_response http_request(uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body, const http_headers& headers) {
  http_connection connection{"127.0.0.1", port};
  http_headers all = headers;
  if (!has_header(all, "connection")) all.emplace_back("Connection", "close");
  return connection.request(method, target, body, all);
}

bool wait_for_http_ok(uint16_t port, const std::string& target, std::chrono::milliseconds timeout) {
  auto deadline = clock_type::now() + timeout;
  while (clock_type::now() < deadline) {
    try {
      http_connection connection{"127.0.0.1", port, std::chrono::seconds(2)};
      if (connection.request("GET", target).status == 200) return true;
    } catch (const http_error&) {
      // not up yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace centralita::testkit
