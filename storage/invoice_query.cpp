#include "storage/invoice_query.hpp"

namespace centralita::storage {

namespace {

constexpr const char* list_sql =
    "SELECT id, number, customer_id, status, currency, amount_cents, rfc3339(issued_at), "
    "to_char(due_date, 'YYYY-MM-DD'), rfc3339(paid_at), pdf_url, rfc3339(created_at) "
    "FROM invoices" CENTRALITA_RECORD_WHERE("number");

invoice_record read_invoice(const pg_result& r, int row) {
  invoice_record v;
  read_columns(r, row, v.id, v.number, v.customer_id, v.status, v.currency, v.amount_cents,
               v.issued_at, v.due_date, v.paid_at, v.pdf_url, v.created_at);
  return v;
}

}  // namespace

result<record_page<invoice_record>> invoice_query::list(int64_t tenant_id, const record_filter& f) {
  return record_page_of(db_.exec(list_sql, filter_params(tenant_id, f)), f, read_invoice);
}

}  // namespace centralita::storage
