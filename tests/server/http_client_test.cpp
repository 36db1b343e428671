// The testkit's HTTP client against a scripted server on loopback: framing, keep-alive,
// reconnection, timeouts.
#include "tests/support/http_client.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

#include "tests/support/child_process.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

// Reads one request (head and Content-Length body); "" when the peer closed first.
std::string read_request(int fd) {
  std::string data;
  char buf[4096];
  size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return {};
    data.append(buf, static_cast<size_t>(n));
  }
  size_t length = 0;
  if (auto at = data.find("Content-Length: "); at != std::string::npos && at < head_end) {
    length = std::stoul(data.substr(at + 16));
  }
  while (data.size() < head_end + 4 + length) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return {};
    data.append(buf, static_cast<size_t>(n));
  }
  return data;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Waits until the peer closes (or 5 s pass): a handler that never answers.
void drain(int fd) {
  char buf[256];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 5000) == 1 && ::recv(fd, buf, sizeof(buf), 0) > 0) {
  }
}

// A loopback server that runs `handler(fd, index)` for each accepted connection on its own
// thread, records every request text handlers report, and closes the socket after the handler.
class loopback_server {
 public:
  using handler = std::function<void(int fd, int index, loopback_server& self)>;

  explicit loopback_server(handler h) : handler_(std::move(h)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    REQUIRE(::listen(listen_fd_, 16) == 0);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~loopback_server() {
    stopping_ = true;
    acceptor_.join();
    for (auto& t : sessions_) t.join();
    ::close(listen_fd_);
  }

  uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

  void record(std::string request) {
    std::lock_guard<std::mutex> lock{mutex_};
    requests_.push_back(std::move(request));
  }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock{mutex_};
    return requests_;
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) != 1) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      int index = accepted_++;
      sessions_.emplace_back([this, fd, index] {
        handler_(fd, index, *this);
        ::close(fd);
      });
    }
  }

  handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::vector<std::thread> sessions_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

// Answers every request on the connection with `response`, recording the requests.
loopback_server::handler answer_all(std::string response) {
  return [response](int fd, int, loopback_server& self) {
    for (std::string req = read_request(fd); !req.empty(); req = read_request(fd)) {
      self.record(req);
      write_all(fd, response);
    }
  };
}

}  // namespace

TEST_CASE("a Content-Length response is read with lower-cased header names", "[testkit]") {
  loopback_server server{answer_all(
      "HTTP/1.1 201 Created\r\nX-Thing:  some value \r\nSet-Cookie: a\r\nSet-Cookie: b\r\n"
      "Content-Length: 5\r\n\r\nhello")};
  http_connection c{"127.0.0.1", server.port()};
  auto r = c.request("POST", "/webhooks/x?key=1", R"({"x":1})", {{"X-Account-Key", "k"}});
  CHECK(r.status == 201);
  CHECK(r.body == "hello");
  CHECK(r.header("x-thing") == "some value");
  CHECK(r.headers.at("set-cookie") == "a, b");
  CHECK(r.header("absent").empty());

  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].rfind("POST /webhooks/x?key=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(seen[0].find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") !=
        std::string::npos);
  CHECK(seen[0].find("X-Account-Key: k\r\n") != std::string::npos);
  CHECK(seen[0].find("Content-Length: 7\r\n") != std::string::npos);
  CHECK(seen[0].find("Content-Type: application/json\r\n") != std::string::npos);
  CHECK(seen[0].substr(seen[0].size() - 7) == R"({"x":1})");
}

TEST_CASE("a given Content-Type is kept and a GET carries no length", "[testkit]") {
  loopback_server server{answer_all("HTTP/1.1 204 No Content\r\n\r\n")};
  http_connection c{"127.0.0.1", server.port()};
  CHECK(c.request("POST", "/", "hola", {{"content-type", "text/plain"}}).status == 204);
  CHECK(c.request("GET", "/healthz").status == 204);
  auto seen = server.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].find("application/json") == std::string::npos);
  CHECK(seen[1].find("Content-Length") == std::string::npos);
}

TEST_CASE("a chunked body arriving in pieces is reassembled", "[testkit]") {
  loopback_server server{[](int fd, int, loopback_server&) {
    for (int i = 0; i < 2 && !read_request(fd).empty(); ++i) {
      write_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel");
      std::this_thread::sleep_for(20ms);
      write_all(fd, "lo\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n");
      std::this_thread::sleep_for(20ms);
      write_all(fd, "\r\n");
    }
  }};
  http_connection c{"127.0.0.1", server.port()};
  CHECK(c.request("GET", "/a").body == "hello, world");
  CHECK(c.request("GET", "/b").body == "hello, world");
  CHECK(server.accepted() == 1);
}

TEST_CASE("requests share one keep-alive connection", "[testkit]") {
  loopback_server server{answer_all("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")};
  http_connection c{"127.0.0.1", server.port()};
  for (int i = 0; i < 5; ++i) CHECK(c.request("GET", "/").body == "ok");
  CHECK(c.connects() == 1);
  CHECK(server.accepted() == 1);
}

TEST_CASE("a connection the server closed while idle is replaced transparently", "[testkit]") {
  loopback_server server{[](int fd, int, loopback_server&) {
    if (!read_request(fd).empty()) write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  }};
  http_connection c{"127.0.0.1", server.port()};
  CHECK(c.request("GET", "/").body == "ok");
  std::this_thread::sleep_for(50ms);  // the server has closed by now
  CHECK(c.request("GET", "/").body == "ok");
  CHECK(c.connects() == 2);
}

TEST_CASE("a request racing the server's idle close is resent on a new connection", "[testkit]") {
  // The first connection answers one request, then takes the next and closes unanswered.
  loopback_server server{[](int fd, int index, loopback_server& self) {
    if (index == 0 && !read_request(fd).empty()) {
      write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
      self.record(read_request(fd));
      return;
    }
    if (!read_request(fd).empty()) {
      write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
    }
  }};
  http_connection c{"127.0.0.1", server.port()};
  CHECK(c.request("GET", "/1").body == "first");
  CHECK(c.request("GET", "/2").body == "second");
  CHECK(server.accepted() == 2);
}

TEST_CASE("a fresh connection closed without an answer is an error, not a retry", "[testkit]") {
  loopback_server server{[](int fd, int, loopback_server&) { read_request(fd); }};
  http_connection c{"127.0.0.1", server.port()};
  CHECK_THROWS_AS(c.request("GET", "/"), http_error);
  CHECK(server.accepted() == 1);
  CHECK_FALSE(c.is_open());
}

TEST_CASE("a server that never answers makes the request time out", "[testkit]") {
  loopback_server server{[](int fd, int, loopback_server&) { drain(fd); }};
  http_connection c{"127.0.0.1", server.port(), 200ms};
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(c.request("GET", "/"), Catch::Contains("timed out"));
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK_FALSE(c.is_open());
}

TEST_CASE("a body without length runs to the end of the stream", "[testkit]") {
  loopback_server server{[](int fd, int, loopback_server&) {
    if (!read_request(fd).empty()) write_all(fd, "HTTP/1.0 200 OK\r\n\r\nall of it");
  }};
  http_connection c{"127.0.0.1", server.port()};
  auto r = c.request("GET", "/");
  CHECK(r.body == "all of it");
  CHECK_FALSE(c.is_open());
}

TEST_CASE("interim 100 responses are skipped", "[testkit]") {
  loopback_server server{
      answer_all("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")};
  http_connection c{"127.0.0.1", server.port()};
  auto r = c.request("POST", "/", "{}");
  CHECK(r.status == 200);
  CHECK(r.body == "ok");
}

TEST_CASE("the one-shot helper asks the server to close", "[testkit]") {
  loopback_server server{
      answer_all("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")};
  CHECK(http_request(server.port(), "GET", "/healthz").status == 200);
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].find("Connection: close\r\n") != std::string::npos);
  CHECK(wait_for_http_ok(server.port(), "/healthz", 2s));
}

TEST_CASE("nothing listening is an error", "[testkit]") {
  uint16_t port = free_port();
  http_connection c{"127.0.0.1", port, 500ms};
  CHECK_THROWS_AS(c.request("GET", "/"), http_error);
  CHECK_FALSE(wait_for_http_ok(port, "/healthz", 300ms));
}
