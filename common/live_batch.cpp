#include "common/live_batch.hpp"

#include <algorithm>

namespace centralita {

ws_frame_header make_ws_frame_header(uint8_t opcode, uint64_t payload_size) {
  ws_frame_header h;
  h.bytes[0] = static_cast<uint8_t>(0x80 | opcode);  // FIN: every message is one frame
  if (payload_size < 126) {
    h.bytes[1] = static_cast<uint8_t>(payload_size);
    h.size = 2;
  } else if (payload_size <= 0xFFFF) {
    h.bytes[1] = 126;
    h.bytes[2] = static_cast<uint8_t>(payload_size >> 8);
    h.bytes[3] = static_cast<uint8_t>(payload_size);
    h.size = 4;
  } else {
    h.bytes[1] = 127;
    for (int i = 0; i < 8; ++i) h.bytes[2 + i] = static_cast<uint8_t>(payload_size >> (56 - 8 * i));
    h.size = 10;
  }
  return h;
}

std::optional<ws_frame_info> read_ws_frame_header(const uint8_t* bytes, size_t size) {
  if (size < 2) return std::nullopt;
  ws_frame_info f;
  f.fin = (bytes[0] & 0x80) != 0;
  f.opcode = bytes[0] & 0x0F;
  f.masked = (bytes[1] & 0x80) != 0;
  f.payload_size = bytes[1] & 0x7F;
  f.header_size = 2;
  if (f.payload_size == 126) {
    if (size < 4) return std::nullopt;
    f.payload_size = (uint64_t{bytes[2]} << 8) | bytes[3];
    f.header_size = 4;
  } else if (f.payload_size == 127) {
    if (size < 10) return std::nullopt;
    f.payload_size = 0;
    for (int i = 0; i < 8; ++i) f.payload_size = (f.payload_size << 8) | bytes[2 + i];
    f.header_size = 10;
  }
  if (f.masked) f.header_size += 4;
  // The masking key is part of the header: until it has arrived, the header is incomplete.
  if (size < f.header_size) return std::nullopt;
  return f;
}

live_batch::slice live_batch::after(int64_t after_seq) const {
  auto it = std::upper_bound(
      index.begin(), index.end(), after_seq,
      [](int64_t seq, const std::pair<int64_t, size_t>& entry) { return seq < entry.first; });
  if (it == index.end()) return {};
  return {std::string_view{wire}.substr(it->second), static_cast<size_t>(index.end() - it)};
}

live_batch make_live_batch(const std::vector<std::pair<int64_t, std::string>>& frames) {
  constexpr uint8_t text_opcode = 1;
  live_batch b;
  size_t bytes = 0;
  for (const auto& f : frames) bytes += f.second.size() + 10;
  b.wire.reserve(bytes);
  b.index.reserve(frames.size());
  for (const auto& [seq, text] : frames) {
    b.index.emplace_back(seq, b.wire.size());
    auto h = make_ws_frame_header(text_opcode, text.size());
    b.wire.append(reinterpret_cast<const char*>(h.bytes.data()), h.size);
    b.wire += text;
  }
  if (!frames.empty()) {
    b.first_seq = frames.front().first;
    b.last_seq = frames.back().first;
  }
  return b;
}

live_batch join_live_batches(const std::vector<live_batch_ptr>& batches) {
  live_batch b;
  size_t bytes = 0, frames = 0;
  for (const auto& part : batches) {
    bytes += part->wire.size();
    frames += part->frames();
  }
  b.wire.reserve(bytes);
  b.index.reserve(frames);
  for (const auto& part : batches) {
    if (part->index.empty()) continue;
    if (b.index.empty()) b.first_seq = part->first_seq;
    b.last_seq = part->last_seq;
    for (const auto& [seq, at] : part->index) b.index.emplace_back(seq, b.wire.size() + at);
    b.wire += part->wire;
  }
  return b;
}

}  // namespace centralita
