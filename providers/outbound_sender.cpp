#include "providers/outbound_sender.hpp"

#include "providers/builderbot_sender.hpp"
#include "providers/demo_sender.hpp"

namespace centralita::providers {

std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& s) {
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

}  // namespace centralita::providers
