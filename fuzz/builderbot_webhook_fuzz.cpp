// Fuzz target: the Builderbot webhook body, as the webhook route hands it to the parser.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "providers/builderbot_webhook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  auto ev = centralita::providers::parse_builderbot_webhook(body);
  if (!ev) return 0;
  // What the parser promises: digits-only phones and bounded texts.
  for (char c : ev->phone) {
    if (c < '0' || c > '9') std::abort();
  }
  if (ev->text.size() > centralita::providers::max_text_bytes) std::abort();
  (void)centralita::providers::channel_message_of(*ev);
  return 0;
}
