#include "providers/outbound_sender.hpp"

#include "providers/builderbot_sender.hpp"
#include "providers/demo_sender.hpp"
#include "providers/whatsapp_cloud_sender.hpp"

namespace centralita::providers {

namespace {

constexpr const char* builderbot_cloud = "https://app.builderbot.cloud";

std::string field(const credentials& a, const char* name) { return field_or(a, name, {}); }

std::unique_ptr<outbound_sender> builderbot(const config::settings& s, const credentials& a) {
  const auto key = field(a, "api_key");
  if (key.empty()) return std::make_unique<demo_sender>();
  builderbot_config c;
  auto url = field(a, "api_url");
  // The API validates an account's URL when it is saved; a bad one fails each send clearly.
  auto base = parse_url(url.empty() ? builderbot_cloud : url);
  if (base) c.base = *base;
  c.api_key = key;
  c.bot_id = field(a, "bot_id");
  c.connect_timeout = std::chrono::milliseconds(s.builderbot_connect_timeout_ms);
  c.timeout = std::chrono::milliseconds(s.builderbot_timeout_ms);
  return std::make_unique<builderbot_sender>(std::move(c));
}

std::unique_ptr<outbound_sender> whatsapp_cloud(const config::settings& s, const credentials& a) {
  const auto token = field(a, "access_token");
  if (token.empty()) return std::make_unique<demo_sender>();
  return std::make_unique<whatsapp_cloud_sender>(whatsapp_cloud_config_from(s, a));
}

}  // namespace

send_result outbound_sender::blacklist(const std::string& /*number*/, bool /*add*/) {
  return {send_status::permanent, std::nullopt, name() + " has no bot blacklist", 0, std::nullopt};
}

std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& s,
                                                      const std::string& provider,
                                                      const credentials& account) {
  if (provider == "builderbot") return builderbot(s, account);
  if (provider == "whatsapp_cloud") return whatsapp_cloud(s, account);
  return nullptr;
}

}  // namespace centralita::providers
