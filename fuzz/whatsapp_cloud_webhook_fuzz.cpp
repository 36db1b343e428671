// Fuzz target: the WhatsApp Cloud API webhook body, split into items as the route does.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "providers/whatsapp_cloud_webhook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::providers;
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  auto hook = parse_whatsapp_cloud_webhook(body);
  if (!hook) return 0;
  if (hook->items.size() > max_whatsapp_cloud_items) std::abort();
  for (const auto& item : hook->items) {
    (void)whatsapp_cloud_event_name(item);
    (void)whatsapp_cloud_provider_id(item);
    // Each item's payload is a webhook of its own and must parse back to exactly that item.
    auto again = parse_whatsapp_cloud_webhook(item.payload);
    if (!again || again->items.size() != 1 || again->items[0].id != item.id) std::abort();
  }
  return 0;
}
