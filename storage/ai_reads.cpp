// What the AI pipeline reads (storage/ai_repo.hpp): a tenant's settings, the facts of a batch's
// conversations, shipments, invoices, and the messages left undecided. What it writes is in
// storage/ai_repo.cpp.
#include <string_view>

#include "storage/ai_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// Arrays come back as comma-joined text (category names hold no commas); a stored value that
// is not an array of strings reads as absent.
constexpr const char* settings_sql = R"sql(
SELECT CASE WHEN jsonb_typeof(settings->'ai_mode') = 'string' THEN settings->>'ai_mode' END,
       CASE WHEN jsonb_typeof(settings->'confidence_threshold') = 'number'
            THEN settings->>'confidence_threshold' END,
       CASE WHEN jsonb_typeof(settings->'autopilot_categories') = 'array'
            THEN (SELECT string_agg(e, ',') FROM jsonb_array_elements_text(
                    settings->'autopilot_categories') e) END,
       jsonb_typeof(settings->'autopilot_categories') = 'array',
       CASE WHEN jsonb_typeof(settings->'high_risk_categories') = 'array'
            THEN (SELECT string_agg(e, ',') FROM jsonb_array_elements_text(
                    settings->'high_risk_categories') e) END,
       jsonb_typeof(settings->'high_risk_categories') = 'array'
FROM tenants WHERE id = $1
)sql";

// Every row is looked up by its unique key, one table per LATERAL probe: with a young database's
// missing statistics a join here walked every customer of the tenant for each conversation.
constexpr const char* facts_sql = R"sql(
SELECT c.id, c.customer_id, cu.name, c.bot_active
FROM unnest($2::bigint[]) AS x(id)
CROSS JOIN LATERAL (SELECT id, customer_id, bot_active FROM conversations
                    WHERE tenant_id = $1 AND id = x.id LIMIT 1) c
CROSS JOIN LATERAL (SELECT name FROM customers
                    WHERE tenant_id = $1 AND id = c.customer_id LIMIT 1) cu
)sql";

// The newest shipment each number names (a tracking number in any case, or an order number),
// with its last checkpoint's place: one index probe per number.
constexpr const char* shipments_sql = R"sql(
SELECT x.n, s.tracking_number, s.status, coalesce(e.location, ''),
       coalesce(to_char(s.eta AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '')
FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS x(t, k, n)
CROSS JOIN LATERAL (
  SELECT id, tenant_id, tracking_number, status, eta FROM shipments
  WHERE tenant_id = x.t AND (upper(tracking_number) = upper(x.k) OR order_number = x.k)
  ORDER BY id DESC LIMIT 1
) s
LEFT JOIN LATERAL (
  SELECT location FROM shipment_events
  WHERE tenant_id = s.tenant_id AND shipment_id = s.id ORDER BY occurred_at DESC LIMIT 1
) e ON true
)sql";

constexpr const char* undecided_sql = R"sql(
SELECT m.tenant_id, m.conversation_id, m.id, m.body FROM messages m
WHERE m.direction = 'in' AND m.sender_type = 'customer' AND m.event_id IS NOT NULL
  AND m.created_at > now() - make_interval(secs => $3)
  AND m.conversation_id % $2 = $1
  AND NOT EXISTS (SELECT 1 FROM ai_decisions d
                  WHERE d.tenant_id = m.tenant_id AND d.message_id = m.id)
ORDER BY m.id LIMIT $4
)sql";

constexpr const char* recent_invoices_sql = R"sql(
SELECT x.n, i.number, i.status, i.currency, i.amount_cents, i.due_date
FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS x(t, c, n)
CROSS JOIN LATERAL (
  SELECT number, status, currency, amount_cents,
         coalesce(to_char(due_date, 'YYYY-MM-DD'), '') AS due_date
  FROM invoices WHERE tenant_id = x.t AND customer_id = x.c AND status <> 'void'
  ORDER BY issued_at DESC, id DESC LIMIT $3
) i
)sql";

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::vector<std::string>> category_list(const pg_result& r, int text_col,
                                                      int is_array_col) {
  if (r.is_null(0, is_array_col) || !r.boolean(0, is_array_col)) return std::nullopt;
  if (r.is_null(0, text_col)) return std::vector<std::string>{};
  return split_commas(r.text(0, text_col));
}

}  // namespace

result<stored_ai_settings> ai_repo::settings(int64_t tenant_id) {
  auto r = db_.exec_prepared("ai_settings", settings_sql, {std::to_string(tenant_id)});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  stored_ai_settings s;
  if (!r->is_null(0, 0)) s.ai_mode = r->str(0, 0);
  if (!r->is_null(0, 1)) s.confidence_threshold = r->str(0, 1);
  s.autopilot_categories = category_list(*r, 2, 3);
  s.high_risk_categories = category_list(*r, 4, 5);
  return s;
}

result<std::vector<conversation_facts_row>> ai_repo::facts(int64_t tenant_id,
                                                           const std::vector<int64_t>& ids) {
  return read_rows(
      db_.exec_prepared("ai_facts", facts_sql, {std::to_string(tenant_id), int_array(ids)}),
      [](const pg_result& r, int i) {
        return conversation_facts_row{r.i64(i, 0), r.i64(i, 1), r.str(i, 2), r.boolean(i, 3)};
      });
}

result<std::vector<std::optional<shipment_state>>> ai_repo::find_shipments(
    const std::vector<std::pair<int64_t, std::string>>& numbers) {
  std::vector<std::optional<shipment_state>> out(numbers.size());
  if (numbers.empty()) return out;
  std::vector<std::string> tenants, keys;
  for (const auto& [tenant, number] : numbers) {
    tenants.push_back(std::to_string(tenant));
    keys.push_back(number);
  }
  auto r =
      db_.exec_prepared("ai_shipments", shipments_sql, {text_array(tenants), text_array(keys)});
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) {
    out[static_cast<size_t>(r->i64(i, 0) - 1)] =
        shipment_state{r->str(i, 1), r->str(i, 2), r->str(i, 3), r->str(i, 4)};
  }
  return out;
}

result<std::vector<std::vector<invoice_state>>> ai_repo::recent_invoices(
    const std::vector<std::pair<int64_t, int64_t>>& customers, int limit) {
  std::vector<std::vector<invoice_state>> out(customers.size());
  if (customers.empty()) return out;
  std::vector<int64_t> tenants, ids;
  for (const auto& [tenant, customer] : customers) {
    tenants.push_back(tenant);
    ids.push_back(customer);
  }
  auto r = db_.exec_prepared("ai_recent_invoices", recent_invoices_sql,
                             {int_array(tenants), int_array(ids), std::to_string(limit)});
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) {
    out[static_cast<size_t>(r->i64(i, 0) - 1)].push_back(
        {r->str(i, 1), r->str(i, 2), r->str(i, 3), r->i64(i, 4), r->str(i, 5)});
  }
  return out;
}

result<std::vector<undecided_message>> ai_repo::undecided(int shard, int shards, int max_age_s,
                                                          int limit) {
  return read_rows(db_.exec(undecided_sql, {std::to_string(shard), std::to_string(shards),
                                            std::to_string(max_age_s), std::to_string(limit)}),
                   [](const pg_result& r, int i) {
                     return undecided_message{r.i64(i, 0), r.i64(i, 1), r.i64(i, 2), r.str(i, 3)};
                   });
}

result<bool> ai_repo::conversation_has_category(int64_t tenant_id, int64_t conversation_id,
                                                const std::string& category) {
  auto r = db_.exec(
      "SELECT EXISTS (SELECT 1 FROM ai_decisions WHERE tenant_id = $1 AND conversation_id = $2 "
      "AND category = $3)",
      {std::to_string(tenant_id), std::to_string(conversation_id), category});
  if (!r) return r.error();
  return r->boolean(0, 0);
}

}  // namespace centralita::storage
