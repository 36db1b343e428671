#include "storage/audit_query.hpp"

#include <algorithm>

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

std::optional<std::string> optional_text(const pg_result& r, int row, int col) {
  if (r.is_null(row, col)) return std::nullopt;
  return r.str(row, col);
}

}  // namespace

result<audit_page> audit_query::list(int64_t tenant_id, const audit_filter& f) {
  const int limit = std::clamp(f.limit, 1, 200);
  param before;
  if (f.before_id) before = std::to_string(*f.before_id);
  auto r = db_.exec(list_sql, {std::to_string(tenant_id), f.entity_type, f.entity_id, f.actor_type,
                               before, std::to_string(limit + 1)});
  if (!r) return r.error();
  audit_page page;
  const int rows = std::min(r->rows(), limit);
  for (int i = 0; i < rows; ++i) {
    audit_row a;
    a.id = r->i64(i, 0);
    a.actor_type = r->str(i, 1);
    if (!r->is_null(i, 2)) a.actor_user_id = r->i64(i, 2);
    a.actor_name = optional_text(*r, i, 3);
    a.entity_type = r->str(i, 4);
    a.entity_id = r->str(i, 5);
    a.action = r->str(i, 6);
    a.before_json = optional_text(*r, i, 7);
    a.after_json = optional_text(*r, i, 8);
    a.created_at = r->str(i, 9);
    page.items.push_back(std::move(a));
  }
  if (r->rows() > limit) page.next_before_id = page.items.back().id;
  return page;
}

}  // namespace centralita::storage
