#pragma once
// What a WebSocket client sends, read frame by frame (RFC 6455 §5): masked frames, messages in
// fragments, control frames between the fragments. No I/O: the live socket
// (net/ws_session.cpp) hands it the bytes it has read.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace centralita {

/// The close codes (RFC 6455 §7.4.1) a connection is failed with.
enum ws_fail_code : uint16_t {
  ws_protocol_error = 1002,
  ws_bad_payload = 1007,  ///< a text message that is not UTF-8
  ws_too_big = 1009,
};

/// One thing read off the wire.
struct ws_read {
  enum class kind { need_more, message, ping, pong, close, failed };
  kind what = kind::need_more;
  bool text = false;       ///< a message: text (valid UTF-8) or binary
  std::string payload;     ///< a whole message, or a ping's or a close's body
  uint16_t fail_code = 0;  ///< failed: the code to close the connection with
};

class ws_reader {
 public:
  /// Messages (and so frames) longer than `max_message` bytes fail the connection.
  explicit ws_reader(size_t max_message) : max_message_(max_message) {}

  /// Reads from the `size` bytes at `data` up to the next message or control frame; `used` is
  /// how many bytes it took, to be dropped before the next call (fragments of a message are
  /// taken as they come, so `used` may be more than 0 with need_more). After `failed` the
  /// connection is done.
  ws_read next(const uint8_t* data, size_t size, size_t& used);

 private:
  ws_read complete(bool text, std::string message);

  size_t max_message_;
  std::string message_;  // the fragments so far of a message
  bool in_message_ = false;
  bool message_is_text_ = false;
};

/// A close frame's body (RFC 6455 §5.5.1, §7.4): empty, or a code a peer may send followed by
/// a UTF-8 reason.
bool valid_ws_close_payload(std::string_view payload);

}  // namespace centralita
