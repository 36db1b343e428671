// Fuzz target: what a client sends on the live socket, read as the socket reads it.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/text_checks.hpp"
#include "common/ws_reader.hpp"

namespace {

// Everything the bytes read to when handed over in pieces of `step` bytes.
std::vector<centralita::ws_read> read_all(const uint8_t* data, size_t size, size_t step) {
  centralita::ws_reader reader{4096};
  std::vector<centralita::ws_read> out;
  std::string buffer;
  for (size_t at = 0; at < size; at += step) {
    buffer.append(reinterpret_cast<const char*>(data) + at, std::min(step, size - at));
    for (;;) {
      size_t used = 0;
      auto r = reader.next(reinterpret_cast<const uint8_t*>(buffer.data()), buffer.size(), used);
      if (used > buffer.size()) std::abort();
      buffer.erase(0, used);
      if (r.what == centralita::ws_read::kind::need_more) break;
      out.push_back(std::move(r));
      if (out.back().what == centralita::ws_read::kind::failed) return out;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using centralita::ws_read;
  auto whole = read_all(data, size, size == 0 ? 1 : size);
  for (const auto& r : whole) {
    // Messages are within the bound, text ones valid UTF-8; control bodies at most 125 bytes.
    if (r.payload.size() > 4096) std::abort();
    if (r.what == ws_read::kind::message && r.text && !centralita::is_valid_utf8(r.payload))
      std::abort();
    if ((r.what == ws_read::kind::ping || r.what == ws_read::kind::close) && r.payload.size() > 125)
      std::abort();
    if (r.what == ws_read::kind::close && !centralita::valid_ws_close_payload(r.payload))
      std::abort();
  }
  // Byte by byte, the same things are read.
  auto bytewise = read_all(data, size, 1);
  if (bytewise.size() != whole.size()) std::abort();
  for (size_t i = 0; i < whole.size(); ++i) {
    if (bytewise[i].what != whole[i].what || bytewise[i].payload != whole[i].payload ||
        bytewise[i].fail_code != whole[i].fail_code) {
      std::abort();
    }
  }
  return 0;
}
