#include "storage/tenant_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

#define TENANT_SELECT "SELECT id, slug, name, settings::text, rfc3339(created_at) FROM tenants "

constexpr const char* find_sql = TENANT_SELECT "WHERE id = $1";
constexpr const char* find_by_slug_sql = TENANT_SELECT "WHERE slug = $1";
constexpr const char* list_all_sql = TENANT_SELECT "ORDER BY id";

#undef TENANT_SELECT

constexpr const char* lock_settings_sql =
    "SELECT settings::text FROM tenants WHERE id = $1 FOR UPDATE";
constexpr const char* merge_settings_sql =
    "UPDATE tenants SET settings = settings || $2::jsonb WHERE id = $1";

tenant read_tenant(const pg_result& r, int row) {
  return tenant{r.i64(row, 0), r.str(row, 1), r.str(row, 2), r.str(row, 3), r.str(row, 4)};
}

error no_such_tenant() { return make_error(errc::not_found, "no such tenant", "tenant_not_found"); }

}  // namespace

result<tenant> tenant_repo::find(int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(id)}), read_tenant, no_such_tenant());
}

result<tenant> tenant_repo::find_by_slug(std::string_view slug) {
  return read_one(db_.exec(find_by_slug_sql, {std::string{slug}}), read_tenant, no_such_tenant());
}

result<std::vector<tenant>> tenant_repo::list_all() {
  return read_rows(db_.exec(list_all_sql), read_tenant);
}

result<std::string> tenant_repo::lock_settings(int64_t id) {
  return read_one(
      db_.exec(lock_settings_sql, {std::to_string(id)}),
      [](const pg_result& r, int row) { return r.str(row, 0); }, no_such_tenant());
}

status tenant_repo::merge_settings(int64_t id, const std::string& patch_json) {
  auto r = db_.exec(merge_settings_sql, {std::to_string(id), patch_json});
  if (!r) return r.error();
  if (r->affected() == 0) return no_such_tenant();
  return ok_status();
}

}  // namespace centralita::storage
