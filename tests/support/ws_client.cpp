#include "tests/support/ws_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <random>

#include "tests/support/http_client.hpp"

namespace centralita::testkit {

namespace {

void write_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    auto n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) throw http_error("ws: send failed");
    off += static_cast<size_t>(n);
  }
}

// Waits until `fd` is readable or `until` passes; false on timeout.
bool wait_readable(int fd, std::chrono::steady_clock::time_point until) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  until - std::chrono::steady_clock::now())
                  .count();
  if (left < 0) left = 0;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left)) > 0;
}

}  // namespace

ws_client::~ws_client() {
  if (fd_ >= 0) ::close(fd_);
}

int ws_client::connect(uint16_t port, const std::string& target, std::chrono::milliseconds timeout,
                       int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw http_error("ws: cannot connect to port " + std::to_string(port));
  }
  write_all(fd_, "GET " + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n");
  auto until = std::chrono::steady_clock::now() + timeout;
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (!wait_readable(fd_, until)) throw http_error("ws: no handshake answer");
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) throw http_error("ws: closed during the handshake");
    head.append(buf, static_cast<size_t>(n));
  }
  auto end = head.find("\r\n\r\n") + 4;
  pending_ = head.substr(end);
  // "HTTP/1.1 101 Switching Protocols"
  auto space = head.find(' ');
  return space == std::string::npos ? 0 : std::atoi(head.c_str() + space + 1);
}

void ws_client::send_frame(uint8_t opcode, const std::string& payload, bool masked) {
  std::string frame;
  frame += static_cast<char>(0x80 | opcode);
  auto len = payload.size();
  const int mask_bit = masked ? 0x80 : 0;
  if (len < 126) {
    frame += static_cast<char>(mask_bit | len);
  } else if (len < 65536) {
    frame += static_cast<char>(mask_bit | 126);
    frame += static_cast<char>((len >> 8) & 0xFF);
    frame += static_cast<char>(len & 0xFF);
  } else {
    frame += static_cast<char>(mask_bit | 127);
    for (int i = 7; i >= 0; --i) frame += static_cast<char>((uint64_t(len) >> (8 * i)) & 0xFF);
  }
  static thread_local std::mt19937 rng{std::random_device{}()};
  char mask[4] = {0, 0, 0, 0};
  if (masked) {
    for (auto& m : mask) m = static_cast<char>(rng() & 0xFF);
    frame.append(mask, 4);
  }
  for (size_t i = 0; i < len; ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  write_all(fd_, frame);
}

void ws_client::send_text(const std::string& text) { send_frame(0x1, text); }

bool ws_client::read_exact(char* out, size_t n, std::chrono::steady_clock::time_point until) {
  size_t got = 0;
  auto from_pending = std::min(n, pending_.size());
  std::memcpy(out, pending_.data(), from_pending);
  pending_.erase(0, from_pending);
  got = from_pending;
  while (got < n) {
    if (!wait_readable(fd_, until)) return false;
    auto r = ::recv(fd_, out + got, n - got, 0);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::optional<ws_client::frame> ws_client::read_frame(std::chrono::milliseconds timeout) {
  return next_frame(std::chrono::steady_clock::now() + timeout);
}

std::optional<ws_client::frame> ws_client::next_frame(std::chrono::steady_clock::time_point until) {
  if (fd_ < 0) return std::nullopt;
  unsigned char h[2];
  if (!read_exact(reinterpret_cast<char*>(h), 2, until)) return std::nullopt;
  uint64_t len = h[1] & 0x7F;
  if (len == 126 || len == 127) {
    unsigned char ext[8];
    size_t k = len == 126 ? 2 : 8;
    if (!read_exact(reinterpret_cast<char*>(ext), k, until)) return std::nullopt;
    len = 0;
    for (size_t i = 0; i < k; ++i) len = (len << 8) | ext[i];
  }
  frame f{h[0] & 0x0F, std::string(len, '\0'), (h[0] & 0x80) != 0};
  if (len && !read_exact(f.payload.data(), len, until)) return std::nullopt;
  return f;
}

int ws_client::close_code(std::chrono::milliseconds wait) {
  if (fd_ < 0) return 0;
  auto until = std::chrono::steady_clock::now() + wait;
  while (auto f = next_frame(until)) {
    if (f->opcode != 0x8) continue;
    if (f->payload.size() < 2) return 0;
    return (static_cast<unsigned char>(f->payload[0]) << 8) |
           static_cast<unsigned char>(f->payload[1]);
  }
  return 0;
}

std::optional<std::string> ws_client::read_text(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return std::nullopt;
  auto until = std::chrono::steady_clock::now() + timeout;
  std::string message;
  for (;;) {
    auto f = next_frame(until);
    if (!f || f->opcode == 0x8) return std::nullopt;  // gone, or a close
    if (f->opcode == 0x9) {                           // ping
      send_frame(0xA, f->payload);
      continue;
    }
    if (f->opcode == 0xA) continue;  // pong
    message += f->payload;
    if (f->fin) return message;
  }
}

void ws_client::close() {
  if (fd_ < 0) return;
  try {
    send_frame(0x8, std::string("\x03\xe8", 2));
  } catch (const http_error&) {
  }
  ::close(fd_);
  fd_ = -1;
}

std::optional<std::string> wait_frame(ws_client& ws, const std::string& text,
                                      std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto f = ws.read_text(left);
    if (!f) return std::nullopt;
    if (f->find(text) != std::string::npos) return f;
  }
  return std::nullopt;
}

int64_t seq_of(const std::string& frame) {
  const std::string prefix = "{\"seq\":";
  if (frame.compare(0, prefix.size(), prefix) != 0) return -1;
  return std::stoll(frame.substr(prefix.size()));
}

std::string type_of(const std::string& frame) {
  const std::string key = R"("type":")";
  auto at = frame.find(key);
  if (at == std::string::npos) return {};
  at += key.size();
  return frame.substr(at, frame.find('"', at) - at);
}

}  // namespace centralita::testkit
