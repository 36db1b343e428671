#include "storage/quote_query.hpp"

namespace centralita::storage {

namespace {

constexpr const char* list_sql =
    "SELECT " CENTRALITA_QUOTE_COLUMNS " FROM quotes" CENTRALITA_RECORD_WHERE("number");

constexpr const char* by_conversation_sql =
    "SELECT " CENTRALITA_QUOTE_COLUMNS
    " FROM quotes WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY id DESC LIMIT 20";

}  // namespace

quote_record read_quote(const pg_result& r, int i) {
  quote_record q;
  q.id = r.i64(i, 0);
  q.number = r.str(i, 1);
  q.customer_id = nullable_int(r, i, 2);
  q.conversation_id = nullable_int(r, i, 3);
  q.status = r.str(i, 4);
  q.lines_json = r.str(i, 5);
  q.total_cents = r.i64(i, 6);
  q.currency = r.str(i, 7);
  q.valid_until = nullable_text(r, i, 8);
  q.created_at = r.str(i, 9);
  q.sent_at = nullable_text(r, i, 10);
  return q;
}

result<record_page<quote_record>> quote_query::list(int64_t tenant_id, const record_filter& f) {
  return record_page_of(db_.exec(list_sql, filter_params(tenant_id, f)), f, read_quote);
}

result<std::vector<quote_record>> quote_query::by_conversation(int64_t tenant_id,
                                                               int64_t conversation_id) {
  return read_rows(
      db_.exec(by_conversation_sql, {std::to_string(tenant_id), std::to_string(conversation_id)}),
      read_quote);
}

}  // namespace centralita::storage
