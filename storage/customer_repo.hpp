#pragma once
// Read access to a tenant's customers (people writing on WhatsApp or calling).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One customer of a tenant, known by phone number (digits only).
struct customer {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string phone;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> language;
  std::string created_at;  ///< RFC 3339 UTC
  std::string updated_at;  ///< RFC 3339 UTC
};

/// Looks customers up within one tenant; errc::not_found when there is no such customer there.
class customer_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit customer_repo(pg_connection& db) : db_(db) {}

  /// The customer with this id in the tenant.
  result<customer> find(int64_t tenant_id, int64_t id);
  /// The customer with this phone number (digits only) in the tenant.
  result<customer> find_by_phone(int64_t tenant_id, std::string_view phone);
  /// The tenant's customers by id, newest first, at most `limit` (1..500), those with an id
  /// below `before_id` when given (keyset paging).
  result<std::vector<customer>> list(int64_t tenant_id, int limit = 50,
                                     std::optional<int64_t> before_id = std::nullopt);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
