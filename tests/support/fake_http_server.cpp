#include "tests/support/fake_http_server.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

#include "tests/support/text.hpp"

namespace centralita::testkit {

namespace {

constexpr int poll_ms = 50;
constexpr auto read_deadline = std::chrono::seconds(10);
constexpr size_t max_request_bytes = 64 * 1024 * 1024;

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// The request line and headers of `head` (without the blank line) into `out`.
void parse_head(const std::string& head, fake_http_request& out) {
  auto line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  auto sp1 = request_line.find(' ');
  auto sp2 = request_line.rfind(' ');
  out.method = request_line.substr(0, sp1);
  out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    auto line = head.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      out.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    pos = end + 2;
  }
}

}  // namespace

fake_http_server::fake_http_server(const std::string& name, handler on_request)
    : on_request_(std::move(on_request)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(name + ": cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_http_server::~fake_http_server() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    threads.swap(connections_);
  }
  for (auto& t : threads) t.join();
  ::close(listen_fd_);
}

std::string fake_http_server::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void fake_http_server::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock{mutex_};
    connections_.emplace_back([this, fd] {
      serve(fd);
      ::close(fd);
    });
  }
}

bool fake_http_server::read_request(int fd, fake_http_request& out) const {
  std::string data;
  auto until = std::chrono::steady_clock::now() + read_deadline;
  size_t head_end = std::string::npos;
  size_t length = 0;
  std::array<char, 8192> chunk{};
  for (;;) {
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        parse_head(data.substr(0, head_end), out);
        auto it = out.headers.find("content-length");
        try {
          length = it == out.headers.end() ? 0 : std::stoul(it->second);
        } catch (const std::exception&) {
          return false;
        }
        if (length > max_request_bytes) return false;
      }
    }
    if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
      out.body = data.substr(head_end + 4, length);
      out.at = std::chrono::steady_clock::now();
      return true;
    }
    if (stopping_ || std::chrono::steady_clock::now() > until) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n <= 0) return false;
    data.append(chunk.data(), static_cast<size_t>(n));
  }
}

// No answer: waits until the client gives up or goes away (or the server stops).
void fake_http_server::hold(int fd) {
  ++holding_;
  std::array<char, 256> sink{};
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    if (::recv(fd, sink.data(), sink.size(), 0) <= 0) break;
  }
  --holding_;
}

void fake_http_server::serve(int fd) {
  fake_http_request request;
  if (!read_request(fd, request)) return;
  fake_answer answer = on_request_(request);
  if (answer.what == fake_answer::kind::reset) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    return;  // close() now sends a RST
  }
  if (answer.what == fake_answer::kind::hold) return hold(fd);
  auto until = std::chrono::steady_clock::now() + answer.delay;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::string wire = "HTTP/1.1 " + std::to_string(answer.status) + " " + reason(answer.status) +
                     "\r\nContent-Type: " + answer.content_type + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : answer.headers) wire += name + ": " + value + "\r\n";
  wire += "Content-Length: " + std::to_string(answer.body.size()) + "\r\n\r\n" + answer.body;
  // A client that timed out has closed its end: what is written then was not delivered.
  pollfd p{fd, POLLIN, 0};
  bool peer_gone = ::poll(&p, 1, 0) == 1;
  if (!peer_gone && send_all(fd, wire) && answer.is_2xx() && answer.on_delivered) {
    answer.on_delivered();
  }
}

}  // namespace centralita::testkit
