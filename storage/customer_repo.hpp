#pragma once
// A tenant's customers (people writing on WhatsApp or calling): reading, searching and the
// changes agents make to a contact (name, e-mail, notes, custom attributes).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
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
  std::string notes;
  std::string attributes_json = "{}";     ///< a JSON object of string values
  std::optional<int64_t> merged_into_id;  ///< set once merged into another customer
};

/// The fields an agent changes; absent ones stay. An empty e-mail clears it.
struct customer_patch {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> notes;
  std::optional<std::string> attributes_json;  ///< replaces the whole object
};

/// Looks customers up within one tenant; errc::not_found when there is no such customer there.
class customer_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit customer_repo(pg_connection& db) : db_(db) {}

  /// The customer with this id in the tenant (a merged one too: see merged_into_id).
  result<customer> find(int64_t tenant_id, int64_t id);
  /// The customer with this phone number (digits only) in the tenant.
  result<customer> find_by_phone(int64_t tenant_id, std::string_view phone);
  /// The tenant's customers by id, newest first, at most `limit` (1..500), those with an id
  /// below `before_id` when given (keyset paging). Merged customers are left out. A non-empty
  /// `query` keeps those whose name or e-mail contains it (any case) or whose phone contains
  /// its digits.
  result<std::vector<customer>> list(int64_t tenant_id, int limit = 50,
                                     std::optional<int64_t> before_id = std::nullopt,
                                     std::string_view query = {});
  /// In its own transaction: applies the patch and audits it (customer.updated, before and
  /// after). errc::not_found for another tenant's or a merged customer.
  result<customer> update(int64_t tenant_id, int64_t id, const actor& who,
                          const customer_patch& patch);

 private:
  pg_connection& db_;
};

/// The customer as the audit log keeps it (a JSON object).
std::string customer_audit_json(const customer& c);

}  // namespace centralita::storage
