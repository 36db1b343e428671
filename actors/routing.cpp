#include "actors/routing.hpp"

#include "providers/builderbot_webhook.hpp"

namespace centralita::actors {

std::string routing_key(const std::string& provider, const std::string& payload,
                        int64_t account_id) {
  if (provider != "builderbot") return "line:" + std::to_string(account_id);
  auto ev = providers::parse_builderbot_webhook(payload);
  if (!ev) return {};
  if (ev->phone.empty()) return "line:" + std::to_string(account_id);
  return "phone:" + ev->phone;
}

}  // namespace centralita::actors
