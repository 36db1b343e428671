#include "storage/user_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* find_by_email_sql =
    "SELECT u.id, u.tenant_id, t.slug, u.email, u.name, u.role, u.password_hash "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.email = $1";
constexpr const char* find_sql =
    "SELECT u.id, u.tenant_id, t.slug, u.email, u.name, u.role "
    "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = $1 AND u.id = $2";
constexpr const char* exists_sql = "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2";

user read_user(const pg_result& r, int row) {
  return user{r.i64(row, 0), r.i64(row, 1), r.str(row, 2),
              r.str(row, 3), r.str(row, 4), r.str(row, 5)};
}

error no_such_user() { return make_error(errc::not_found, "no such user", "user_not_found"); }

}  // namespace

result<user_credentials> user_repo::find_by_email(std::string_view email) {
  auto r = db_.exec(find_by_email_sql, {std::string{email}});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_user();
  return user_credentials{read_user(*r, 0), r->str(0, 6)};
}

result<user> user_repo::find(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_user();
  return read_user(*r, 0);
}

result<bool> user_repo::exists(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(exists_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  return r->rows() > 0;
}

}  // namespace centralita::storage
