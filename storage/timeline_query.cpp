#include "storage/timeline_query.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* decisions_sql = R"sql(
SELECT id, message_id, category, confidence, risk, entities::text, rule, reason, action,
       inputs::text, rfc3339(created_at), reason_code, coalesce(reason_params, '{}')::text
FROM ai_decisions WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY id LIMIT 500
)sql";

constexpr const char* shipments_sql = R"sql(
SELECT s.id, s.tracking_number, s.carrier, s.status, s.order_number,
       to_char(s.eta AT TIME ZONE 'UTC', 'YYYY-MM-DD'), e.location, e.description,
       rfc3339(s.updated_at)
FROM shipments s
LEFT JOIN LATERAL (SELECT location, description FROM shipment_events
                   WHERE tenant_id = s.tenant_id AND shipment_id = s.id
                   ORDER BY occurred_at DESC LIMIT 1) e ON true
WHERE s.tenant_id = $1 AND (s.customer_id = $3 OR s.conversation_id = $2)
ORDER BY s.id LIMIT 100
)sql";

constexpr const char* calls_sql = R"sql(
SELECT id, direction, status, duration_s, summary, transcript::text, collected_data::text,
       rfc3339(created_at)
FROM call_sessions WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY id LIMIT 100
)sql";

constexpr const char* invoices_sql = R"sql(
SELECT id, number, status, currency, amount_cents, to_char(due_date, 'YYYY-MM-DD'), pdf_url
FROM invoices WHERE tenant_id = $1 AND customer_id = $2 ORDER BY issued_at DESC, id LIMIT 100
)sql";

}  // namespace

result<timeline_extras> timeline_query::load(int64_t tenant_id, int64_t conversation_id,
                                             int64_t customer_id) {
  const std::vector<param> args{std::to_string(tenant_id), std::to_string(conversation_id),
                                std::to_string(customer_id)};
  timeline_extras out;
  auto d = db_.exec(decisions_sql, {args[0], args[1]});
  if (!d) return d.error();
  for (int i = 0; i < d->rows(); ++i) {
    out.decisions.push_back({d->i64(i, 0), nullable_int(*d, i, 1), d->str(i, 2),
                             std::stod(d->str(i, 3)), d->str(i, 4), d->str(i, 5), d->str(i, 6),
                             d->str(i, 7), d->str(i, 8), d->str(i, 9), d->str(i, 10),
                             nullable_text(*d, i, 11), d->str(i, 12)});
  }
  auto s = db_.exec(shipments_sql, args);
  if (!s) return s.error();
  for (int i = 0; i < s->rows(); ++i) {
    out.shipments.push_back({s->i64(i, 0), s->str(i, 1), s->str(i, 2), s->str(i, 3),
                             nullable_text(*s, i, 4), nullable_text(*s, i, 5),
                             nullable_text(*s, i, 6), nullable_text(*s, i, 7), s->str(i, 8)});
  }
  auto c = db_.exec(calls_sql, {args[0], args[1]});
  if (!c) return c.error();
  for (int i = 0; i < c->rows(); ++i) {
    out.calls.push_back({c->i64(i, 0), c->str(i, 1), c->str(i, 2), nullable_int(*c, i, 3),
                         nullable_text(*c, i, 4), c->str(i, 5), c->str(i, 6), c->str(i, 7)});
  }
  auto v = db_.exec(invoices_sql, {args[0], args[2]});
  if (!v) return v.error();
  for (int i = 0; i < v->rows(); ++i) {
    out.invoices.push_back({v->i64(i, 0), v->str(i, 1), v->str(i, 2), v->str(i, 3), v->i64(i, 4),
                            nullable_text(*v, i, 5), nullable_text(*v, i, 6)});
  }
  return out;
}

}  // namespace centralita::storage
