#include "actors/routing.hpp"

#include "providers/aftership_tracking.hpp"
#include "providers/seventeentrack_tracking.hpp"

namespace centralita::actors {

std::string tracking_number_of(const std::string& provider, const std::string& payload) {
  if (provider == "aftership") {
    auto w = providers::parse_aftership_webhook(payload);
    return w && w->applies ? w->info.tracking_number : std::string{};
  }
  auto w = providers::parse_17track_webhook(payload);
  return w ? w->info.tracking_number : std::string{};
}

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
  if (provider == "aftership" || provider == "17track") {
    auto number = tracking_number_of(provider, payload);
    return number.empty() ? "line:" + std::to_string(account_id) : "shipment:" + number;
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
