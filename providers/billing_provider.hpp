#pragma once
// Billing behind one interface: a customer's invoices (status, amounts, due dates, PDF links),
// their quotes (lines and totals), and creating a quote. The demo provider reads and writes the
// project's own `invoices` and `quotes` tables; a real ERP implements the same interface,
// mapping its documents to these records, and make_billing_provider() chooses it.
//
// Calls are blocking and run on a database worker with `db`, inside the caller's transaction
// when there is one (the autopilot drafts a quote in the transaction of its decision).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/invoice_query.hpp"
#include "storage/pg.hpp"
#include "storage/quote_repo.hpp"

namespace centralita::providers {

/// A billing system's operations for one tenant's customers.
class billing_provider {
 public:
  virtual ~billing_provider() = default;
  /// The customer's invoices, newest first, at most `limit`.
  virtual result<std::vector<storage::invoice_record>> invoices(int64_t tenant_id,
                                                                int64_t customer_id, int limit) = 0;
  /// The customer's quotes, newest first, at most `limit`.
  virtual result<std::vector<storage::quote_record>> quotes(int64_t tenant_id, int64_t customer_id,
                                                            int limit) = 0;
  /// Creates draft quotes, each for the customer of its `conversation_id`, in their order.
  virtual result<std::vector<storage::quote_record>> create_quotes(
      const std::vector<storage::new_quote>& qs) = 0;
  /// Creates one draft quote.
  result<storage::quote_record> create_quote(const storage::new_quote& q) {
    auto created = create_quotes({q});
    if (!created) return created.error();
    return std::move(created->front());
  }
  /// "demo", or the ERP's name, for logs.
  virtual std::string name() const = 0;
};

/// The billing provider over `db` (the demo one: no ERP is configured yet).
std::unique_ptr<billing_provider> make_billing_provider(storage::pg_connection& db);

}  // namespace centralita::providers
