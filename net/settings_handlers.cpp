#include "net/settings_handlers.hpp"

#include "net/api_routes.hpp"
#include "net/tenant_settings.hpp"
#include "storage/sla_repo.hpp"
#include "storage/tenant_repo.hpp"

namespace centralita::net {

namespace {

// The stored AI settings and the tenant's SLA policy.
result<ai_settings> load_settings(storage::pg_connection& db, int64_t tenant_id,
                                  const std::string& stored) {
  ai_settings s = settings_from_stored(stored);
  auto sla = storage::sla_repo{db}.policy(tenant_id);
  if (!sla) return sla.error();
  s.sla = std::move(*sla);
  return s;
}

// One transaction: the tenant row is locked while the patch is checked against the current
// settings, merged, and audited with the effective settings before and after.
result<ai_settings> change_settings(storage::pg_connection& db, const principal& who,
                                    const ai_settings_patch& patch) {
  return storage::in_transaction(db, [&]() -> result<ai_settings> {
    storage::tenant_repo tenants{db};
    auto stored = tenants.lock_settings(who.tenant_id);
    if (!stored) return stored.error();
    auto loaded = load_settings(db, who.tenant_id, *stored);
    if (!loaded) return loaded.error();
    const ai_settings before = std::move(*loaded);
    auto after = apply_settings_patch(before, patch);
    if (!after) return after.error();
    if (*after == before) return after;
    if (after->sla.hours.time_zone != before.sla.hours.time_zone) {
      auto known = storage::sla_repo{db}.known_time_zone(after->sla.hours.time_zone);
      if (!known) return known.error();
      if (!*known) {
        return make_error(errc::unprocessable,
                          "sla.business_hours.time_zone: " + after->sla.hours.time_zone +
                              " is not a known time zone (e.g. America/Mexico_City)",
                          "invalid_value");
      }
    }
    if (auto s = tenants.merge_settings(who.tenant_id, stored_patch_json(patch, *after)); !s) {
      return s.error();
    }
    if (auto s = audit_change(db, who, "settings", std::to_string(who.tenant_id),
                              "settings.updated", to_json(before), to_json(*after));
        !s) {
      return s.error();
    }
    return after;
  });
}

}  // namespace

void add_settings_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/settings",
             db_route(authenticated, env,
                      [](storage::pg_connection& db, const principal& who) -> result<response> {
                        auto t = storage::tenant_repo{db}.find(who.tenant_id);
                        if (!t) return t.error();
                        return json_answer(200, load_settings(db, who.tenant_id, t->settings_json));
                      }));

  routes.add(
      "PATCH", "/api/v1/settings",
      input_route(admin_only, env, parse_settings_patch,
                  [](storage::pg_connection& db, const principal& who, const ai_settings_patch& p) {
                    return json_answer(200, change_settings(db, who, p));
                  }));
}

}  // namespace centralita::net
