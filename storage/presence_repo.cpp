#include "storage/presence_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* touch_sql =
    "UPDATE users SET last_seen_at = now() WHERE id = ANY($1::bigint[]) AND active";

}  // namespace

std::string available_condition(int param) {
  const std::string p = "$" + std::to_string(param);
  return "(u.online AND u.active AND u.last_seen_at > now() - make_interval(secs => " + p +
         "::int))";
}

status presence_repo::touch(const std::vector<int64_t>& user_ids) {
  if (user_ids.empty()) return ok_status();
  auto r = db_.exec_prepared("presence_touch", touch_sql, {int_array(user_ids)});
  if (!r) return r.error();
  return ok_status();
}

result<std::vector<presence_row>> presence_repo::team(int64_t tenant_id, int away_s) {
  static const std::string sql = "SELECT u.id, u.name, u.role, u.online, " +
                                 available_condition(2) +
                                 ", rfc3339(u.last_seen_at), "
                                 " rfc3339(u.last_seen_at + make_interval(secs => $2::int)) "
                                 "FROM users u WHERE u.tenant_id = $1 AND u.active "
                                 "ORDER BY 5 DESC, u.name, u.id LIMIT 500";
  return read_rows(db_.exec(sql.c_str(), {std::to_string(tenant_id), std::to_string(away_s)}),
                   [](const pg_result& r, int i) {
                     presence_row p;
                     read_columns(r, i, p.id, p.name, p.role, p.online, p.available, p.last_seen_at,
                                  p.away_at);
                     return p;
                   });
}

}  // namespace centralita::storage
