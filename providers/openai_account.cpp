#include "providers/openai_account.hpp"

namespace centralita::providers {

result<openai_config> openai_config_for(const config::settings& s, const credentials& account) {
  openai_config c;
  c.api_key = field_or(account, "api_key", "");
  if (c.api_key.empty()) {
    return make_error(errc::invalid_input, "the account has no api_key", "invalid_field");
  }
  auto base = parse_url(field_or(account, "base_url", s.openai_base_url));
  if (!base) return make_error(errc::invalid_input, "base_url: " + base.error().message);
  c.base = *base;
  c.chat_model = field_or(account, "model", s.openai_chat_model);
  c.embedding_model = s.openai_embedding_model;
  c.timeout = std::chrono::milliseconds(s.openai_timeout_ms);
  return c;
}

}  // namespace centralita::providers
