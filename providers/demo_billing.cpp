#include "providers/demo_billing.hpp"

namespace centralita::providers {

namespace {

storage::record_filter of_customer(int64_t customer_id, int limit) {
  storage::record_filter f;
  f.customer_id = customer_id;
  f.limit = limit;
  return f;
}

}  // namespace

result<std::vector<storage::invoice_record>> demo_billing::invoices(int64_t tenant_id,
                                                                    int64_t customer_id,
                                                                    int limit) {
  auto page = storage::invoice_query{db_}.list(tenant_id, of_customer(customer_id, limit));
  if (!page) return page.error();
  return std::move(page->items);
}

result<std::vector<storage::quote_record>> demo_billing::quotes(int64_t tenant_id,
                                                                int64_t customer_id, int limit) {
  auto page = storage::quote_query{db_}.list(tenant_id, of_customer(customer_id, limit));
  if (!page) return page.error();
  return std::move(page->items);
}

result<std::vector<storage::quote_record>> demo_billing::create_quotes(
    const std::vector<storage::new_quote>& qs) {
  return storage::quote_repo{db_}.create_all_within(qs);
}

std::unique_ptr<billing_provider> make_billing_provider(storage::pg_connection& db) {
  return std::make_unique<demo_billing>(db);
}

}  // namespace centralita::providers
