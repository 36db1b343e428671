#include "storage/invoice_query.hpp"

namespace centralita::storage {

namespace {

constexpr const char* list_sql =
    "SELECT id, number, customer_id, status, currency, amount_cents, rfc3339(issued_at), "
    "to_char(due_date, 'YYYY-MM-DD'), rfc3339(paid_at), pdf_url, rfc3339(created_at) "
    "FROM invoices" CENTRALITA_RECORD_WHERE("number");

}  // namespace

result<record_page<invoice_record>> invoice_query::list(int64_t tenant_id, const record_filter& f) {
  auto r = db_.exec(list_sql, filter_params(tenant_id, f));
  if (!r) return r.error();
  record_page<invoice_record> page;
  for (int i = 0; i < r->rows(); ++i) {
    invoice_record v;
    v.id = r->i64(i, 0);
    v.number = r->str(i, 1);
    v.customer_id = nullable_int(*r, i, 2);
    v.status = r->str(i, 3);
    v.currency = r->str(i, 4);
    v.amount_cents = r->i64(i, 5);
    v.issued_at = r->str(i, 6);
    v.due_date = nullable_text(*r, i, 7);
    v.paid_at = nullable_text(*r, i, 8);
    v.pdf_url = nullable_text(*r, i, 9);
    v.created_at = r->str(i, 10);
    page.items.push_back(std::move(v));
  }
  finish_page(page, f.limit);
  return page;
}

}  // namespace centralita::storage
