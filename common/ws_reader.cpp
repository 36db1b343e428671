#include "common/ws_reader.hpp"

#include "common/live_batch.hpp"
#include "common/text_checks.hpp"

namespace centralita {

namespace {

enum ws_opcode : uint8_t {
  ws_continuation = 0,
  ws_text = 1,
  ws_binary = 2,
  ws_close = 8,
  ws_ping = 9,
  ws_pong = 10
};

ws_read failed(uint16_t code) {
  ws_read r;
  r.what = ws_read::kind::failed;
  r.fail_code = code;
  return r;
}

ws_read control(ws_read::kind what, std::string payload) {
  ws_read r;
  r.what = what;
  r.payload = std::move(payload);
  return r;
}

}  // namespace

ws_read ws_reader::next(const uint8_t* data, size_t size, size_t& used) {
  used = 0;
  for (;;) {
    const uint8_t* p = data + used;
    const size_t left = size - used;
    if (left < 2) return {};
    // Extensions are never negotiated, and a client must mask what it sends.
    if ((p[0] & 0x70) != 0 || (p[1] & 0x80) == 0) return failed(ws_protocol_error);
    auto h = read_ws_frame_header(p, left);
    if (!h) return {};
    if (h->opcode >= ws_close && (h->payload_size > 125 || !h->fin))
      return failed(ws_protocol_error);
    if (h->payload_size > max_message_) return failed(ws_too_big);
    if (left - h->header_size < h->payload_size) return {};
    const uint8_t* mask = p + h->header_size - 4;
    const uint8_t* body = p + h->header_size;
    std::string payload(static_cast<size_t>(h->payload_size), '\0');
    for (size_t i = 0; i < payload.size(); ++i)
      payload[i] = static_cast<char>(body[i] ^ mask[i % 4]);
    used += h->header_size + payload.size();

    switch (h->opcode) {
      case ws_continuation:
        if (!in_message_) return failed(ws_protocol_error);
        if (message_.size() + payload.size() > max_message_) return failed(ws_too_big);
        message_ += payload;
        if (!h->fin) continue;
        in_message_ = false;
        return complete(message_is_text_, std::move(message_));
      case ws_text:
      case ws_binary:
        if (in_message_) return failed(ws_protocol_error);
        if (h->fin) return complete(h->opcode == ws_text, std::move(payload));
        message_ = std::move(payload);
        message_is_text_ = h->opcode == ws_text;
        in_message_ = true;
        continue;
      case ws_ping:
        return control(ws_read::kind::ping, std::move(payload));
      case ws_pong:
        return control(ws_read::kind::pong, std::move(payload));
      case ws_close:
        if (!valid_ws_close_payload(payload)) return failed(ws_protocol_error);
        return control(ws_read::kind::close, std::move(payload));
      default:
        return failed(ws_protocol_error);
    }
  }
}

// A whole message: a text one must be UTF-8 (RFC 6455 §8.1), else the connection is failed.
ws_read ws_reader::complete(bool text, std::string message) {
  message_.clear();
  if (text && !is_valid_utf8(message)) return failed(ws_bad_payload);
  ws_read r;
  r.what = ws_read::kind::message;
  r.text = text;
  r.payload = std::move(message);
  return r;
}

bool valid_ws_close_payload(std::string_view payload) {
  if (payload.empty()) return true;
  if (payload.size() < 2) return false;
  const int code = (static_cast<uint8_t>(payload[0]) << 8) | static_cast<uint8_t>(payload[1]);
  const bool sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                        (code >= 3000 && code <= 4999);
  return sendable && is_valid_utf8(payload.substr(2));
}

}  // namespace centralita
