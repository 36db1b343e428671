// Fuzz target: the ElevenLabs post-call webhook body, and the base64 decoder of its audio.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "providers/elevenlabs_webhook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::providers;
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  (void)parse_elevenlabs_webhook(body);
  (void)decode_base64(body);
  return 0;
}
