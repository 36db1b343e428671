#include "storage/audit_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* append_sql = R"sql(
INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action,
                       before, after)
SELECT t, ty, u, et, ei, a, b::jsonb, af::jsonb
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
            $7::text[], $8::text[]) WITH ORDINALITY AS x(t, ty, u, et, ei, a, b, af, n)
ORDER BY n
)sql";

}  // namespace

status audit_repo::append(const audit_entry& e) { return append_all({e}); }

status audit_repo::append_all(const std::vector<audit_entry>& entries) {
  if (entries.empty()) return ok_status();
  std::vector<std::string> tenants, types, entity_types, entity_ids, actions;
  std::vector<std::optional<std::string>> users, befores, afters;
  for (const auto& e : entries) {
    tenants.push_back(std::to_string(e.tenant_id));
    types.push_back(e.actor.type);
    users.push_back(e.actor.user_id ? std::optional{std::to_string(*e.actor.user_id)}
                                    : std::nullopt);
    entity_types.push_back(e.entity_type);
    entity_ids.push_back(e.entity_id);
    actions.push_back(e.action);
    befores.push_back(e.before_json);
    afters.push_back(e.after_json);
  }
  auto r = db_.exec_prepared("audit_append", append_sql,
                             {text_array(tenants), text_array(types), nullable_text_array(users),
                              text_array(entity_types), text_array(entity_ids), text_array(actions),
                              nullable_text_array(befores), nullable_text_array(afters)});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
