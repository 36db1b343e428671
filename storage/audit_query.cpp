#include "storage/audit_query.hpp"

#include <algorithm>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* list_sql = R"sql(
SELECT a.id, a.actor_type, a.actor_user_id, u.name, a.entity_type, a.entity_id, a.action,
       a.before::text, a.after::text, rfc3339(a.created_at)
FROM audit_log a
LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.actor_user_id
WHERE a.tenant_id = $1
  AND ($2::text IS NULL OR a.entity_type = $2)
  AND ($3::text IS NULL OR a.entity_id = $3)
  AND ($4::text IS NULL OR a.actor_type = $4)
  AND ($5::bigint IS NULL OR a.id < $5)
ORDER BY a.id DESC LIMIT $6
)sql";

audit_row read_audit(const pg_result& r, int i) {
  audit_row a;
  read_columns(r, i, a.id, a.actor_type, a.actor_user_id, a.actor_name, a.entity_type, a.entity_id,
               a.action, a.before_json, a.after_json, a.created_at);
  return a;
}

}  // namespace

result<audit_page> audit_query::list(int64_t tenant_id, const audit_filter& f) {
  const int limit = std::clamp(f.limit, 1, 200);
  param before;
  if (f.before_id) before = std::to_string(*f.before_id);
  auto r = db_.exec(list_sql, {std::to_string(tenant_id), f.entity_type, f.entity_id, f.actor_type,
                               before, std::to_string(limit + 1)});
  return read_page<audit_page>(r, limit, read_audit);
}

}  // namespace centralita::storage
