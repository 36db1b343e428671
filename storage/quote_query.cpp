#include "storage/quote_query.hpp"

namespace centralita::storage {

namespace {

constexpr const char* list_sql =
    "SELECT id, number, customer_id, status, lines::text, total_cents, currency, "
    "to_char(valid_until, 'YYYY-MM-DD'), rfc3339(created_at) FROM quotes" CENTRALITA_RECORD_WHERE;

}  // namespace

result<record_page<quote_record>> quote_query::list(int64_t tenant_id, const record_filter& f) {
  auto r = db_.exec(list_sql, filter_params(tenant_id, f));
  if (!r) return r.error();
  record_page<quote_record> page;
  for (int i = 0; i < r->rows(); ++i) {
    quote_record q;
    q.id = r->i64(i, 0);
    q.number = r->str(i, 1);
    q.customer_id = nullable_int(*r, i, 2);
    q.status = r->str(i, 3);
    q.lines_json = r->str(i, 4);
    q.total_cents = r->i64(i, 5);
    q.currency = r->str(i, 6);
    q.valid_until = nullable_text(*r, i, 7);
    q.created_at = r->str(i, 8);
    page.items.push_back(std::move(q));
  }
  finish_page(page, f.limit);
  return page;
}

}  // namespace centralita::storage
