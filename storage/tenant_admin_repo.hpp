#pragma once
// The platform operator's view of tenants: listing, creating one with its first admin, and
// suspending (nothing of a suspended tenant is deleted). Changes are audited in the operator's
// own tenant, since the audit row's actor must be a user of the row's tenant.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/user_admin_repo.hpp"

namespace centralita::storage {

/// A tenant as the operator sees it.
struct tenant_summary {
  int64_t id = 0;
  std::string slug;
  std::string name;
  bool suspended = false;
  std::string created_at;  ///< RFC 3339 UTC
  int64_t users = 0;       ///< active users
};

/// Who acts: the operator's tenant and user id.
struct operator_ref {
  int64_t tenant_id = 0;
  int64_t user_id = 0;
};

/// Reads and writes tenants; errc::not_found for no such tenant, errc::conflict for a slug or
/// an e-mail already in use.
class tenant_admin_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit tenant_admin_repo(pg_connection& db) : db_(db) {}

  /// Every tenant, by id.
  result<std::vector<tenant_summary>> list();
  /// One tenant.
  result<tenant_summary> find(int64_t id);
  /// Creates the tenant and its first admin (invited, with a set-password link whose SHA-256
  /// hex is `token_hash`) in one transaction, audited as tenant.created.
  result<std::pair<tenant_summary, int64_t>> create(const operator_ref& by, const std::string& slug,
                                                    const std::string& name, const new_user& admin,
                                                    const std::string& token_hash);
  /// Suspends or reinstates the tenant (name too when given), audited as tenant.updated.
  result<tenant_summary> change(const operator_ref& by, int64_t id, std::optional<bool> suspended,
                                std::optional<std::string> name);
  /// The ids of the suspended tenants (the webhook edge refuses them).
  result<std::vector<int64_t>> suspended_ids();

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
