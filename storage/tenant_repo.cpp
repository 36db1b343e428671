#include "storage/tenant_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* find_sql =
    "SELECT id, slug, name, settings::text, rfc3339(created_at) FROM tenants WHERE id = $1";
constexpr const char* find_by_slug_sql =
    "SELECT id, slug, name, settings::text, rfc3339(created_at) FROM tenants WHERE slug = $1";
constexpr const char* list_all_sql =
    "SELECT id, slug, name, settings::text, rfc3339(created_at) FROM tenants ORDER BY id";

constexpr const char* lock_settings_sql =
    "SELECT settings::text FROM tenants WHERE id = $1 FOR UPDATE";
constexpr const char* merge_settings_sql =
    "UPDATE tenants SET settings = settings || $2::jsonb WHERE id = $1";

tenant read_tenant(const pg_result& r, int row) {
  return tenant{r.i64(row, 0), r.str(row, 1), r.str(row, 2), r.str(row, 3), r.str(row, 4)};
}

result<tenant> first_or_not_found(result<pg_result> r) {
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  return read_tenant(*r, 0);
}

}  // namespace

result<tenant> tenant_repo::find(int64_t id) {
  return first_or_not_found(db_.exec(find_sql, {std::to_string(id)}));
}

result<tenant> tenant_repo::find_by_slug(std::string_view slug) {
  return first_or_not_found(db_.exec(find_by_slug_sql, {std::string{slug}}));
}

result<std::vector<tenant>> tenant_repo::list_all() {
  return read_rows(db_.exec(list_all_sql), read_tenant);
}

result<std::string> tenant_repo::lock_settings(int64_t id) {
  auto r = db_.exec(lock_settings_sql, {std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  return r->str(0, 0);
}

status tenant_repo::merge_settings(int64_t id, const std::string& patch_json) {
  auto r = db_.exec(merge_settings_sql, {std::to_string(id), patch_json});
  if (!r) return r.error();
  if (r->affected() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  return ok_status();
}

}  // namespace centralita::storage
