#include "actors/routing.hpp"

namespace centralita::actors {

std::string routing_key(const providers::builderbot_event& event, int64_t account_id) {
  if (event.phone.empty()) return "line:" + std::to_string(account_id);
  return "phone:" + event.phone;
}

std::string routing_key(const providers::elevenlabs_event& event) {
  if (!event.phone.empty()) return "phone:" + event.phone;
  return "call:" + event.conversation_id;
}

std::string routing_key(const providers::whatsapp_cloud_item& item) {
  if (item.kind == providers::whatsapp_cloud_kind::receipt) return "phone:" + item.receipt.phone;
  return "phone:" + item.message.phone;
}

std::string routing_key(const std::string& provider, const std::string& payload,
                        int64_t account_id) {
  if (provider == "elevenlabs") {
    auto ev = providers::parse_elevenlabs_webhook(payload);
    if (!ev) return {};
    return routing_key(*ev);
  }
  if (provider == "whatsapp_cloud") {
    auto ev = providers::parse_whatsapp_cloud_webhook(payload);
    if (!ev || ev->items.size() != 1) return {};
    return routing_key(ev->items.front());
  }
  if (provider != "builderbot") return "line:" + std::to_string(account_id);
  auto ev = providers::parse_builderbot_webhook(payload);
  if (!ev) return {};
  return routing_key(*ev, account_id);
}

}  // namespace centralita::actors
