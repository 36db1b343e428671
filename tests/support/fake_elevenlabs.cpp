#include "tests/support/fake_elevenlabs.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace centralita::testkit {

namespace {

constexpr int poll_ms = 50;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Reads one request (head and Content-Length body); false when the client went away.
bool read_request(int fd, const std::atomic<bool>& stopping, fake_call_request& out) {
  std::string data;
  std::array<char, 8192> chunk;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = data.substr(0, head_end);
      auto line_end = head.find("\r\n");
      std::string first = head.substr(0, line_end);
      auto sp1 = first.find(' '), sp2 = first.rfind(' ');
      out.method = first.substr(0, sp1);
      out.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
      out.headers.clear();
      size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        auto end = head.find("\r\n", pos);
        if (end == std::string::npos) end = head.size();
        auto line = head.substr(pos, end - pos);
        if (auto colon = line.find(':'); colon != std::string::npos) {
          out.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
        }
        pos = end + 2;
      }
      size_t length =
          out.headers.count("content-length") ? std::stoul(out.headers["content-length"]) : 0;
      if (data.size() >= head_end + 4 + length) {
        out.body = data.substr(head_end + 4, length);
        return true;
      }
    }
    if (stopping || std::chrono::steady_clock::now() > until) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0) continue;
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n <= 0) return false;
    data.append(chunk.data(), static_cast<size_t>(n));
  }
}

}  // namespace

fake_elevenlabs::fake_elevenlabs() {
  body_ =
      R"({"success":true,"message":"Success","conversation_id":"conv_out_1","callSid":"CA0001"})";
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake elevenlabs: cannot listen");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fake_elevenlabs::~fake_elevenlabs() {
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

std::string fake_elevenlabs::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::pair<std::string, std::string>> fake_elevenlabs::environment() const {
  return {{"ELEVENLABS_API_URL", url()},
          {"ELEVENLABS_API_KEY", "xi_test_key"},
          {"ELEVENLABS_AGENT_ID", "agent_test"},
          {"ELEVENLABS_PHONE_NUMBER_ID", "phnum_test"},
          {"ELEVENLABS_TIMEOUT_MS", "700"}};
}

void fake_elevenlabs::answer(int status, std::string body) {
  std::lock_guard<std::mutex> lock{mutex_};
  status_ = status;
  body_ = std::move(body);
  hold_ = false;
}

void fake_elevenlabs::hold() {
  std::lock_guard<std::mutex> lock{mutex_};
  hold_ = true;
}

std::vector<fake_call_request> fake_elevenlabs::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

void fake_elevenlabs::accept_loop() {
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

void fake_elevenlabs::serve(int fd) {
  fake_call_request r;
  if (!read_request(fd, stopping_, r)) return;
  int status = 0;
  std::string body;
  bool hold = false;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    received_.push_back(r);
    status = status_;
    body = body_;
    hold = hold_;
  }
  if (hold) {
    std::array<char, 256> sink;
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, poll_ms) <= 0) continue;
      if (::recv(fd, sink.data(), sink.size(), 0) <= 0) break;
    }
    return;
  }
  std::string wire = "HTTP/1.1 " + std::to_string(status) +
                     " Status\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     "Content-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t sent = 0;
  while (sent < wire.size()) {
    ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace centralita::testkit
