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
  read_columns(r, i, s.id, s.tracking_number, s.carrier, s.status, s.customer_id, s.conversation_id,
               s.ticket_id, s.order_number, s.eta, s.last_checked_at, s.created_at, s.updated_at);
  return s;
}

}  // namespace

result<record_page<shipment_record>> shipment_query::list(int64_t tenant_id,
                                                          const record_filter& f) {
  return record_page_of(db_.exec(list_sql, filter_params(tenant_id, f)), f, read_row);
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
