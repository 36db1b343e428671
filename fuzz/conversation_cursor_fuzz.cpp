// Fuzz target: the conversations list's opaque cursor (`<id>:<last_message_at>`), which
// clients send back as they received it, or not.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/conversation_repo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::storage;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto cursor = decode_cursor(text);
  if (!cursor) return 0;
  // A cursor that decodes must encode to a text that decodes to the same cursor.
  auto again = decode_cursor(encode_cursor(*cursor));
  if (!again || again->id != cursor->id || again->last_message_at != cursor->last_message_at) {
    std::abort();
  }
  return 0;
}
