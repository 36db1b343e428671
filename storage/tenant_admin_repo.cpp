#include "storage/tenant_admin_repo.hpp"

#include "common/json_text.hpp"
#include "storage/audit_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

#define CENTRALITA_TENANT_SUMMARY                                                    \
  "SELECT t.id, t.slug, t.name, t.suspended_at IS NOT NULL, rfc3339(t.created_at), " \
  " (SELECT count(*) FROM users u WHERE u.tenant_id = t.id AND u.active) FROM tenants t "
constexpr const char* list_sql = CENTRALITA_TENANT_SUMMARY "ORDER BY t.id";
constexpr const char* find_sql = CENTRALITA_TENANT_SUMMARY "WHERE t.id = $1";
#undef CENTRALITA_TENANT_SUMMARY
constexpr const char* slug_in_use_sql = "SELECT 1 FROM tenants WHERE slug = $1";
constexpr const char* insert_sql = "INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING id";
constexpr const char* lock_sql =
    "SELECT name, suspended_at IS NOT NULL FROM tenants WHERE id = $1 FOR UPDATE";
// suspended_at keeps the first suspension's time while the tenant stays suspended.
constexpr const char* update_sql =
    "UPDATE tenants SET name = $2, suspended_at = CASE WHEN $3::boolean "
    " THEN coalesce(suspended_at, now()) ELSE NULL END WHERE id = $1";
constexpr const char* suspended_sql =
    "SELECT id FROM tenants WHERE suspended_at IS NOT NULL ORDER BY id";

error no_such_tenant() { return make_error(errc::not_found, "no such tenant", "tenant_not_found"); }

tenant_summary read_summary(const pg_result& r, int row) {
  return tenant_summary{r.i64(row, 0),     r.str(row, 1), r.str(row, 2),
                        r.boolean(row, 3), r.str(row, 4), r.i64(row, 5)};
}

std::string tenant_json(const std::string& name, bool suspended) {
  return "{\"name\":" + json_string(name) + ",\"suspended\":" + (suspended ? "true" : "false") +
         "}";
}

status audit(pg_connection& db, const operator_ref& by, int64_t tenant_id, const char* action,
             std::optional<std::string> before, std::optional<std::string> after) {
  return audit_repo{db}.append({by.tenant_id, actor::user(by.user_id), "tenant",
                                std::to_string(tenant_id), action, std::move(before),
                                std::move(after)});
}

}  // namespace

result<std::vector<tenant_summary>> tenant_admin_repo::list() {
  return read_rows(db_.exec(list_sql), read_summary);
}

result<tenant_summary> tenant_admin_repo::find(int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(id)}), read_summary, no_such_tenant());
}

result<std::pair<tenant_summary, int64_t>> tenant_admin_repo::create(
    const operator_ref& by, const std::string& slug, const std::string& name, const new_user& admin,
    const std::string& token_hash) {
  auto ids = in_transaction(db_, [&]() -> result<std::pair<int64_t, int64_t>> {
    auto in_use = db_.exec(slug_in_use_sql, {slug});
    if (!in_use) return in_use.error();
    auto taken = make_error(errc::conflict, "a tenant with this slug already exists", "slug_taken");
    if (in_use->rows() > 0) return taken;
    auto r = db_.exec(insert_sql, {slug, name});
    if (!r && r.error().code == errc::conflict) return taken;
    if (!r) return r.error();
    const int64_t id = r->i64(0, 0);
    // The operator is no user of the new tenant: the link records no creator.
    auto user = user_admin_repo{db_}.insert_invited(id, admin, token_hash, std::nullopt);
    if (!user) return user.error();
    auto after = "{\"slug\":" + json_string(slug) + ",\"name\":" + json_string(name) +
                 ",\"admin\":{\"id\":" + std::to_string(*user) +
                 ",\"email\":" + json_string(admin.email) + "}}";
    if (auto s = audit(db_, by, id, "tenant.created", std::nullopt, after); !s) return s.error();
    return std::pair{id, *user};
  });
  if (!ids) return ids.error();
  auto t = find(ids->first);
  if (!t) return t.error();
  return std::pair{std::move(*t), ids->second};
}

result<tenant_summary> tenant_admin_repo::change(const operator_ref& by, int64_t id,
                                                 std::optional<bool> suspended,
                                                 std::optional<std::string> name) {
  const std::string tid = std::to_string(id);
  auto done = in_transaction(db_, [&]() -> status {
    auto r = db_.exec(lock_sql, {tid});
    if (!r) return r.error();
    if (r->rows() == 0) return no_such_tenant();
    const std::string old_name = r->str(0, 0);
    const bool was = r->boolean(0, 1);
    const std::string new_name = name.value_or(old_name);
    const bool now = suspended.value_or(was);
    if (new_name == old_name && now == was) return ok_status();
    auto u = db_.exec(update_sql, {tid, new_name, now ? "true" : "false"});
    if (!u) return u.error();
    return audit(db_, by, id, "tenant.updated", tenant_json(old_name, was),
                 tenant_json(new_name, now));
  });
  if (!done) return done.error();
  return find(id);
}

result<std::vector<int64_t>> tenant_admin_repo::suspended_ids() {
  auto r = db_.exec(suspended_sql);
  if (!r) return r.error();
  std::vector<int64_t> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->i64(i, 0));
  return out;
}

}  // namespace centralita::storage
