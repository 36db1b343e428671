#pragma once
// The WhatsApp Cloud message templates of the tenant's accounts (migration 021): replaced by a
// sync from Graph, read by the composer outside the 24-hour window.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One template in one language.
struct message_template {
  std::string name;
  std::string language;  ///< Graph's code, e.g. "es" or "es_MX"
  std::string status;    ///< APPROVED, PENDING, REJECTED, PAUSED, DISABLED
  std::string category;  ///< UTILITY, MARKETING, AUTHENTICATION
  std::string body;      ///< the BODY component's text, with {{1}}…{{n}}
  int variables = 0;     ///< how many {{n}} the body has
  std::string components_json = "[]";
  std::string synced_at;  ///< when read back
};

/// What a template's variables are filled from: the customer and the case.
struct case_facts {
  std::string customer_name;
  std::optional<int64_t> ticket_id;            ///< the conversation's open ticket
  std::optional<std::string> tracking_number;  ///< the customer's latest shipment
  std::optional<std::string> order_number;
};

/// The facts of the tenant's conversation; errc::not_found for another tenant's.
result<case_facts> case_facts_of(pg_connection& db, int64_t tenant_id, int64_t conversation_id);

/// Suggested values for {{1}}…{{n}}: the customer's name, then the case's reference (the
/// shipment's tracking number, else the order, else the ticket as "#id"); "" past those.
std::vector<std::string> suggested_variables(const case_facts& facts, int variables);

/// Reads and replaces the templates of the tenant's channel accounts.
class template_repo {
 public:
  explicit template_repo(pg_connection& db) : db_(db) {}

  /// In one transaction: the account's templates become `all` (the others are deleted).
  result<size_t> replace(int64_t tenant_id, int64_t account_id,
                         const std::vector<message_template>& all);
  /// The account's templates, approved first, by name and language.
  result<std::vector<message_template>> list(int64_t tenant_id, int64_t account_id);
  /// One approved template; errc::not_found when there is none by that name and language.
  result<message_template> approved(int64_t tenant_id, int64_t account_id, const std::string& name,
                                    const std::string& language);

 private:
  pg_connection& db_;
};

/// The body with {{1}}…{{n}} replaced by `values` (a missing one stays as it is).
std::string render_template_body(const std::string& body, const std::vector<std::string>& values);

}  // namespace centralita::storage
