// Fuzz target: a WebSocket frame header as the live socket reads it off the wire.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "common/live_batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita;
  auto h = read_ws_frame_header(data, size);
  if (!h) return 0;
  // The header read must lie within the bytes given and be 2 to 14 bytes long.
  if (h->header_size < 2 || h->header_size > 14 || h->header_size > size) std::abort();
  if (h->opcode > 15) std::abort();
  // A server's header for the same frame reads back the same.
  if (!h->masked && h->fin) {
    auto made = make_ws_frame_header(h->opcode, h->payload_size);
    auto read = read_ws_frame_header(made.bytes.data(), made.size);
    if (!read || read->payload_size != h->payload_size || read->opcode != h->opcode) std::abort();
  }
  return 0;
}
