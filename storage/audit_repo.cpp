#include "storage/audit_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* append_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, before, after) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)";

}  // namespace

status audit_repo::append(const audit_entry& e) {
  param user;
  if (e.actor.user_id) user = std::to_string(*e.actor.user_id);
  auto r = db_.exec_prepared("audit_append", append_sql,
                             {std::to_string(e.tenant_id), e.actor.type, user, e.entity_type,
                              e.entity_id, e.action, e.before_json, e.after_json});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
