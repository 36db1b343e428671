// The demo accounts' credentials from the environment (docs/contract.md §Demo data): sealed, and
// written only into fields that are still empty, so an admin's edits are never overwritten.
#include <utility>
#include <vector>

#include "common/log.hpp"
#include "storage/channel_account_repo.hpp"
#include "storage/channel_credentials.hpp"
#include "storage/seed.hpp"
#include "storage/seed_data.hpp"

namespace centralita::storage {

namespace {

constexpr const char* tenant_id_sql = "SELECT id FROM tenants WHERE slug = $1";

/// A field and the value the environment offers for it.
struct offered {
  const char* field;
  std::string value;
};

std::vector<offered> offers(const config::settings& s, demo::account_secrets kind) {
  switch (kind) {
    case demo::account_secrets::builderbot:
      return {{"api_url", s.builderbot_api_url},
              {"api_key", s.builderbot_api_key},
              {"bot_id", s.builderbot_bot_id}};
    case demo::account_secrets::elevenlabs:
      return {{"webhook_secret", s.elevenlabs_webhook_secret},
              {"api_key", s.elevenlabs_api_key},
              {"agent_id", s.elevenlabs_agent_id},
              {"phone_number_id", s.elevenlabs_phone_number_id}};
    case demo::account_secrets::whatsapp_cloud:
      return {{"app_secret", s.whatsapp_cloud_app_secret},
              {"verify_token", s.whatsapp_cloud_verify_token},
              {"access_token", s.whatsapp_cloud_access_token},
              {"phone_number_id", s.whatsapp_cloud_phone_number_id}};
    // The tracking key seeds only the provider TRACKING_PROVIDER names: the tenant's tracking
    // account is the first one with a key (actors/tracking_adapter.hpp).
    case demo::account_secrets::aftership:
      if (s.tracking_provider != "aftership") return {};
      return {{"api_key", s.aftership_api_key}};
    case demo::account_secrets::seventeentrack:
      if (s.tracking_provider != "17track") return {};
      return {{"api_key", s.seventeentrack_api_key}};
    // Only a key makes an LLM account: the URL and model without one would be noise.
    case demo::account_secrets::openai:
      if (s.openai_api_key.empty()) return {};
      return {{"api_key", s.openai_api_key},
              {"base_url", s.openai_base_url},
              {"model", s.openai_chat_model}};
    case demo::account_secrets::none:
      break;
  }
  return {};
}

bool is_secret(const std::string& provider, const std::string& field) {
  for (const auto& f : credential_fields(provider)) {
    if (f.name == field) return f.secret;
  }
  return false;
}

status fill(pg_connection& db, const config::settings& settings, const keyring& ring,
            int64_t tenant_id, const demo::account& a) {
  channel_account_repo repo{db};
  auto found = repo.find_by_key(a.key);
  if (!found) return found.error().code == errc::not_found ? ok_status() : status{found.error()};
  if (found->tenant_id != tenant_id) return ok_status();
  auto row = repo.lock(tenant_id, found->id);
  if (!row) return row.error();
  auto secrets = open_secrets(ring, row->secrets, row->account_key);
  if (!secrets) {
    return make_error(errc::internal, "channel account " + row->account_key +
                                          ": its secrets do not open (" + secrets.error().message +
                                          ")");
  }
  auto config = parse_config(row->config_json);
  bool changed = false;
  for (auto& o : offers(settings, a.secrets)) {
    if (o.value.empty()) continue;
    auto& target = is_secret(row->provider, o.field) ? *secrets : config;
    if (!target[o.field].empty()) continue;
    target[o.field] = std::move(o.value);
    changed = true;
  }
  if (!changed) return ok_status();
  // Empty entries made by the look-ups above are not values.
  for (auto* m : {&*secrets, &config}) {
    for (auto it = m->begin(); it != m->end();) it = it->second.empty() ? m->erase(it) : ++it;
  }
  row->secrets = seal_secrets(ring, *secrets, row->account_key);
  row->secret_hints_json = hints_json(*secrets);
  row->config_json = config_json(config);
  auto saved = repo.update(*row);
  if (!saved) return saved.error();
  log::info("storage: demo account {} got its credentials from the environment", a.key);
  return ok_status();
}

}  // namespace

status seed_demo_credentials(pg_connection& db, const config::settings& settings,
                             const keyring& ring) {
  return in_transaction(db, [&]() -> status {
    for (const auto& t : demo::tenants()) {
      auto tenant = db.exec(tenant_id_sql, {t.slug});
      if (!tenant) return tenant.error();
      if (tenant->rows() == 0) continue;
      for (const auto& a : t.accounts) {
        if (a.secrets == demo::account_secrets::none) continue;
        if (auto s = fill(db, settings, ring, tenant->i64(0, 0), a); !s) return s;
      }
    }
    return ok_status();
  });
}

}  // namespace centralita::storage
