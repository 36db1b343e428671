#include "storage/user_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* find_by_email_sql =
    "SELECT u.id, u.tenant_id, t.slug, u.email, u.name, u.role, u.online, "
    " u.max_open_conversations, u.active, u.password_hash <> '', u.password_hash, "
    " u.token_version, t.suspended_at IS NOT NULL "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.email = $1";
constexpr const char* find_sql =
    "SELECT u.id, u.tenant_id, t.slug, u.email, u.name, u.role, u.online, "
    " u.max_open_conversations, u.active, u.password_hash <> '' "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 AND u.id = $2";
constexpr const char* list_sql =
    "SELECT u.id, u.tenant_id, t.slug, u.email, u.name, u.role, u.online, "
    " u.max_open_conversations, u.active, u.password_hash <> '' "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 ORDER BY u.name, "
    "u.id";
constexpr const char* set_online_sql =
    "WITH old AS (SELECT online FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE) "
    "UPDATE users u SET online = $3, last_seen_at = now() FROM old "
    "WHERE u.tenant_id = $1 AND u.id = $2 RETURNING old.online";
constexpr const char* audit_online_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) VALUES ($1, 'user', $2::bigint, 'user', $2::bigint::text, "
    "'user.availability', "
    " jsonb_build_object('online', $3::boolean), jsonb_build_object('online', $4::boolean))";
constexpr const char* session_sql =
    "SELECT u.role, u.active, u.token_version, t.suspended_at IS NOT NULL "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 AND u.id = $2";
// A deactivated user cannot be given new work.
constexpr const char* exists_sql =
    "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2 AND active";

user read_user(const pg_result& r, int row) {
  return user{
      r.i64(row, 0),     r.i64(row, 1),    r.str(row, 2),     r.str(row, 3),
      r.str(row, 4),     r.str(row, 5),    r.boolean(row, 6), static_cast<int>(r.i64(row, 7)),
      r.boolean(row, 8), r.boolean(row, 9)};
}

error no_such_user() { return make_error(errc::not_found, "no such user", "user_not_found"); }

}  // namespace

result<user_credentials> user_repo::find_by_email(std::string_view email) {
  auto r = db_.exec(find_by_email_sql, {std::string{email}});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_user();
  return user_credentials{read_user(*r, 0), r->str(0, 10), r->i64(0, 11), r->boolean(0, 12)};
}

result<user> user_repo::find(int64_t tenant_id, int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}), read_user,
                  no_such_user());
}

result<std::vector<user>> user_repo::list(int64_t tenant_id) {
  return read_rows(db_.exec(list_sql, {std::to_string(tenant_id)}), read_user);
}

result<user> user_repo::set_online(int64_t tenant_id, int64_t id, bool online) {
  const std::string tid = std::to_string(tenant_id);
  const std::string uid = std::to_string(id);
  const std::string to = online ? "true" : "false";
  auto done = in_transaction(db_, [&]() -> status {
    auto r = db_.exec(set_online_sql, {tid, uid, to});
    if (!r) return r.error();
    if (r->rows() == 0) return no_such_user();
    auto a = db_.exec(audit_online_sql, {tid, uid, r->str(0, 0), to});
    if (!a) return a.error();
    return ok_status();
  });
  if (!done) return done.error();
  return find(tenant_id, id);
}

result<session_state> user_repo::session_of(int64_t tenant_id, int64_t id) {
  auto r = db_.exec_prepared("user_session", session_sql,
                             {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_user();
  return session_state{r->str(0, 0), r->boolean(0, 1), r->i64(0, 2), r->boolean(0, 3)};
}

result<bool> user_repo::exists(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(exists_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  return r->rows() > 0;
}

}  // namespace centralita::storage
