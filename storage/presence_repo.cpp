#include "storage/presence_repo.hpp"

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
  auto r = db_.exec(sql.c_str(), {std::to_string(tenant_id), std::to_string(away_s)});
  if (!r) return r.error();
  std::vector<presence_row> out;
  for (int i = 0; i < r->rows(); ++i) {
    presence_row p;
    p.id = r->i64(i, 0);
    p.name = r->str(i, 1);
    p.role = r->str(i, 2);
    p.online = r->boolean(i, 3);
    p.available = r->boolean(i, 4);
    if (!r->is_null(i, 5)) p.last_seen_at = r->str(i, 5);
    if (!r->is_null(i, 6)) p.away_at = r->str(i, 6);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace centralita::storage
