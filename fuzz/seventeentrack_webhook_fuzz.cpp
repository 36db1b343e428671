// Fuzz target: the 17TRACK webhook body, and the API answers that share its tracking reader.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/seventeentrack_tracking.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::providers;
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  (void)parse_17track_webhook(body);
  (void)parse_17track_answer(body);
  return 0;
}
