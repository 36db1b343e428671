#pragma once
// A minimal blocking WebSocket client over POSIX sockets for the tests: the upgrade handshake,
// masked client text frames, unmasked server text frames, close. No TLS, no Boost.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace centralita::testkit {

/// One WebSocket connection to 127.0.0.1:port.
class ws_client {
 public:
  ws_client() = default;
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// Connects and sends the upgrade for `target`; returns the HTTP status of the answer
  /// (101 when upgraded). Throws http_error when the server can't be reached.
  /// A `receive_buffer` (bytes, 0 for the default) makes a socket that fills up quickly.
  int connect(uint16_t port, const std::string& target,
              std::chrono::milliseconds timeout = std::chrono::seconds(5), int receive_buffer = 0);
  /// Sends one masked text frame.
  void send_text(const std::string& text);
  /// Sends one frame of any opcode, masked as a client must, or not (a protocol error).
  void send_frame(uint8_t opcode, const std::string& payload, bool masked = true);

  /// One frame as it came, control frames included.
  struct frame {
    int opcode = 0;
    std::string payload;
    bool fin = true;  ///< the last frame of its message
  };
  /// The next frame, or nullopt when none comes within `timeout` or the socket closed.
  std::optional<frame> read_frame(std::chrono::milliseconds timeout);
  /// The next text frame, or nullopt when none comes within `timeout` or the socket closed.
  /// Answers pings; skips other control frames.
  std::optional<std::string> read_text(std::chrono::milliseconds timeout);
  /// The code of the next close frame within `wait`, other frames skipped; 0 when none comes
  /// (or it carries no code).
  int close_code(std::chrono::milliseconds wait);
  /// Sends a close frame and closes the socket.
  void close();

 private:
  bool read_exact(char* out, size_t n, std::chrono::steady_clock::time_point until);
  std::optional<frame> next_frame(std::chrono::steady_clock::time_point until);
  int fd_ = -1;
  std::string pending_;  ///< bytes read past the handshake
};

/// Reads text frames until one contains `text`; nullopt when none does within `timeout`.
std::optional<std::string> wait_frame(ws_client& ws, const std::string& text,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
/// The seq of a live-event frame `{"seq":N,...}`, or -1.
int64_t seq_of(const std::string& frame);
/// The type of a live-event frame (its `"type":"..."`), or "".
std::string type_of(const std::string& frame);

}  // namespace centralita::testkit
