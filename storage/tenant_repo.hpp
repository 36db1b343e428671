#pragma once
// Read access to tenants: the slug a login or a CLI names, the id a credential carries.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One tenant; `settings_json` is the raw jsonb text (AI mode, threshold, ...), parsed above.
struct tenant {
  int64_t id = 0;
  std::string slug;
  std::string name;
  std::string settings_json;
  std::string created_at;  ///< RFC 3339 UTC
};

/// Looks tenants up; errors are errc::not_found when there is no such tenant.
class tenant_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit tenant_repo(pg_connection& db) : db_(db) {}

  /// The tenant with this id.
  result<tenant> find(int64_t id);
  /// The tenant with this slug (e.g. "demo").
  result<tenant> find_by_slug(std::string_view slug);
  /// Every tenant, by id: the tenant supervisor spawns one actor for each.
  result<std::vector<tenant>> list_all();
  /// The tenant's settings jsonb text, locking the row until the transaction ends (call inside
  /// one, before merge_settings, so concurrent changes apply one after the other).
  result<std::string> lock_settings(int64_t id);
  /// Merges the keys of a JSON object text into the tenant's settings (jsonb `||`).
  status merge_settings(int64_t id, const std::string& patch_json);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
