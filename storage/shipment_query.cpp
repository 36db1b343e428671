#include "storage/shipment_query.hpp"

namespace centralita::storage {

namespace {

#define CENTRALITA_SHIPMENT_COLUMNS                                                 \
  "id, tracking_number, carrier, status, customer_id, conversation_id, ticket_id, " \
  "order_number, rfc3339(eta), rfc3339(last_checked_at), rfc3339(created_at), "     \
  "rfc3339(updated_at)"

constexpr const char* list_sql =
    "SELECT " CENTRALITA_SHIPMENT_COLUMNS
    " FROM shipments" CENTRALITA_RECORD_WHERE("tracking_number, order_number, carrier");

constexpr const char* find_sql =
    "SELECT " CENTRALITA_SHIPMENT_COLUMNS " FROM shipments WHERE tenant_id = $1 AND id = $2";

constexpr const char* checkpoints_sql = R"sql(
SELECT rfc3339(occurred_at), status, location, description FROM shipment_events
WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY occurred_at, id LIMIT 500
)sql";

shipment_record read_row(const pg_result& r, int i) {
  shipment_record s;
  s.id = r.i64(i, 0);
  s.tracking_number = r.str(i, 1);
  s.carrier = r.str(i, 2);
  s.status = r.str(i, 3);
  s.customer_id = nullable_int(r, i, 4);
  s.conversation_id = nullable_int(r, i, 5);
  s.ticket_id = nullable_int(r, i, 6);
  s.order_number = nullable_text(r, i, 7);
  s.eta = nullable_text(r, i, 8);
  s.last_checked_at = nullable_text(r, i, 9);
  s.created_at = r.str(i, 10);
  s.updated_at = r.str(i, 11);
  return s;
}

}  // namespace

result<record_page<shipment_record>> shipment_query::list(int64_t tenant_id,
                                                          const record_filter& f) {
  auto r = db_.exec(list_sql, filter_params(tenant_id, f));
  if (!r) return r.error();
  record_page<shipment_record> page;
  for (int i = 0; i < r->rows(); ++i) page.items.push_back(read_row(*r, i));
  finish_page(page, f.limit);
  return page;
}

result<shipment_record> shipment_query::find(int64_t tenant_id, int64_t id) {
  const auto tid = std::to_string(tenant_id), sid = std::to_string(id);
  auto r = db_.exec(find_sql, {tid, sid});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such shipment", "shipment_not_found");
  auto s = read_row(*r, 0);
  auto c = db_.exec(checkpoints_sql, {tid, sid});
  if (!c) return c.error();
  for (int i = 0; i < c->rows(); ++i) {
    s.checkpoints.push_back({c->str(i, 0), c->str(i, 1), c->str(i, 2), c->str(i, 3)});
  }
  return s;
}

}  // namespace centralita::storage
