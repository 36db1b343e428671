#pragma once
// The demo billing provider: the tenant's own `invoices` and `quotes` tables (the demo seed
// fills them) are the billing system.

#include "providers/billing_provider.hpp"

namespace centralita::providers {

/// Reads and writes the project's tables through `db`, which must outlive it.
class demo_billing final : public billing_provider {
 public:
  explicit demo_billing(storage::pg_connection& db) : db_(db) {}

  result<std::vector<storage::invoice_record>> invoices(int64_t tenant_id, int64_t customer_id,
                                                        int limit) override;
  result<std::vector<storage::quote_record>> quotes(int64_t tenant_id, int64_t customer_id,
                                                    int limit) override;
  result<std::vector<storage::quote_record>> create_quotes(
      const std::vector<storage::new_quote>& qs) override;
  std::string name() const override { return "demo"; }

 private:
  storage::pg_connection& db_;
};

}  // namespace centralita::providers
