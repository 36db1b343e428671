#include "providers/outbound_sender.hpp"

#include "providers/builderbot_sender.hpp"
#include "providers/demo_sender.hpp"
#include "providers/whatsapp_cloud_sender.hpp"

namespace centralita::providers {

namespace {

std::unique_ptr<outbound_sender> builderbot(const config::settings& s) {
  if (s.builderbot_api_key.empty()) return std::make_unique<demo_sender>();
  builderbot_config c;
  // config::load has validated the URL already; a failure here would be a bug.
  auto base = parse_url(s.builderbot_api_url);
  if (base) c.base = *base;
  c.api_key = s.builderbot_api_key;
  c.bot_id = s.builderbot_bot_id;
  c.connect_timeout = std::chrono::milliseconds(s.builderbot_connect_timeout_ms);
  c.timeout = std::chrono::milliseconds(s.builderbot_timeout_ms);
  return std::make_unique<builderbot_sender>(std::move(c));
}

std::unique_ptr<outbound_sender> whatsapp_cloud(const config::settings& s) {
  if (s.whatsapp_cloud_access_token.empty()) return std::make_unique<demo_sender>();
  whatsapp_cloud_config c;
  auto base = parse_url(s.whatsapp_cloud_api_url);
  if (base) c.base = *base;
  c.version = s.whatsapp_cloud_api_version;
  c.access_token = s.whatsapp_cloud_access_token;
  c.phone_number_id = s.whatsapp_cloud_phone_number_id;
  c.connect_timeout = std::chrono::milliseconds(s.whatsapp_cloud_connect_timeout_ms);
  c.timeout = std::chrono::milliseconds(s.whatsapp_cloud_timeout_ms);
  return std::make_unique<whatsapp_cloud_sender>(std::move(c));
}

}  // namespace

std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& s,
                                                      const std::string& provider) {
  if (provider == "builderbot") return builderbot(s);
  if (provider == "whatsapp_cloud") return whatsapp_cloud(s);
  return nullptr;
}

}  // namespace centralita::providers
