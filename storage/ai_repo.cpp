#include "storage/ai_repo.hpp"

#include <unordered_map>

#include "storage/audit_repo.hpp"
#include "storage/blacklist_outbox.hpp"
#include "storage/label_repo.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/presence_repo.hpp"
#include "storage/rows.hpp"
#include "storage/ticket_repo.hpp"

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

// A message decided before (a redelivery after a crash) returns no row.
constexpr const char* insert_decisions_sql = R"sql(
INSERT INTO ai_decisions (tenant_id, message_id, conversation_id, category, confidence, risk,
                          entities, rule, reason, action, inputs, reason_code, reason_params)
SELECT t, m, c, cat, conf, r, e::jsonb, ru, re, a, i::jsonb, nullif(rc, ''),
       nullif(rp, '')::jsonb
FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::text[],
            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
            $13::text[])
     WITH ORDINALITY AS u(t, m, c, cat, conf, r, e, ru, re, a, i, rc, rp, n)
ORDER BY n
ON CONFLICT (tenant_id, message_id) DO NOTHING
RETURNING message_id, id
)sql";

constexpr const char* pause_bot_sql = R"sql(
UPDATE conversations SET bot_active = false, updated_at = now()
WHERE tenant_id = $1 AND id = $2 AND bot_active
RETURNING id
)sql";

constexpr const char* ticketed_sql = R"sql(
SELECT x.t, x.c FROM unnest($1::bigint[], $2::bigint[]) AS x(t, c)
CROSS JOIN LATERAL (
  SELECT 1 FROM tickets
  WHERE tenant_id = x.t AND conversation_id = x.c AND status IN ('NEW', 'IN_PROGRESS') LIMIT 1
) k
)sql";

constexpr const char* insert_suggestions_sql = R"sql(
INSERT INTO suggestions (tenant_id, conversation_id, message_id, text, category, confidence,
                         reason, reason_code, reason_params)
SELECT t, c, m, x, cat, conf, re, nullif(rc, ''), nullif(rp, '')::jsonb
FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::float8[],
            $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS u(t, c, m, x, cat, conf, re, rc, rp, n)
ORDER BY n
RETURNING message_id, id, jsonb_build_object('id', id, 'status', status, 'text', text)::text
)sql";

// Each conversation's newest message of the batch supersedes the drafts for its older ones,
// found through the index of pending drafts by conversation (migration 051). OFFSET 0 keeps the
// probe one look-up per conversation: pulled up into a join, with a young table's statistics, it
// became a scan of every pending draft of every tenant.
constexpr const char* supersede_sql = R"sql(
UPDATE suggestions s SET status = 'superseded', decided_at = now()
FROM (SELECT v.t, v.m, p.id
      FROM (SELECT t, c, max(m) AS m
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS u(t, c, m) GROUP BY t, c) v
      CROSS JOIN LATERAL (
        SELECT id FROM suggestions
        WHERE tenant_id = v.t AND conversation_id = v.c AND status = 'pending'
          AND message_id < v.m OFFSET 0) p) old
WHERE s.id = old.id AND s.status = 'pending'
RETURNING s.tenant_id, s.conversation_id, old.m, s.id
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

// Asked once per batch: with nobody of a tenant available (storage/presence_repo.hpp), its
// messages skip the assignment.
const std::string online_tenants_sql =
    "SELECT DISTINCT u.tenant_id FROM users u WHERE u.tenant_id = ANY($1::bigint[]) AND " +
    available_condition(2);

// Round robin among the available users (switched on, with a dashboard open) under their limit of
// open conversations: the one assigned least recently goes first. The user row is locked so two
// decisions don't pick alike. The conversation's row is locked only when someone could take it:
// with nobody online, every message would otherwise lock its conversation until the batch commits.
const std::string assign_sql = R"sql(
WITH conv AS (
  SELECT id FROM conversations
  WHERE tenant_id = $1 AND id = $2 AND assignee_id IS NULL AND status IN ('open', 'pending')
    AND EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = $1 AND )sql" +
                               available_condition(3) + R"sql()
  FOR UPDATE
), pick AS (
  SELECT u.id FROM users u
  WHERE u.tenant_id = $1 AND )sql" +
                               available_condition(3) + R"sql( AND EXISTS (SELECT 1 FROM conv)
    AND (SELECT count(*) FROM conversations c
         WHERE c.tenant_id = u.tenant_id AND c.assignee_id = u.id
           AND c.status IN ('open', 'pending')) < u.max_open_conversations
  ORDER BY u.last_assigned_at NULLS FIRST, u.id
  LIMIT 1
  FOR UPDATE OF u
), touched AS (
  UPDATE users SET last_assigned_at = now() WHERE id IN (SELECT id FROM pick) RETURNING id
)
UPDATE conversations c SET assignee_id = (SELECT id FROM touched), updated_at = now()
WHERE c.tenant_id = $1 AND c.id IN (SELECT id FROM conv) AND EXISTS (SELECT 1 FROM touched)
RETURNING c.assignee_id
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

const actor ai_actor{"ai", std::nullopt};

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

result<applied_decision> ai_repo::apply(const decision_record& d) {
  auto all = apply_all({d});
  if (!all) return all.error();
  return all->front();
}

result<std::vector<applied_decision>> ai_repo::apply_all(const std::vector<decision_record>& ds) {
  std::vector<applied_decision> out(ds.size());
  if (ds.empty()) return out;
  if (auto s = insert_decisions(ds, out); !s) return s.error();
  auto online = online_tenants(ds);
  if (!online) return online.error();
  auto ticketed = ticketed_conversations(ds, out);
  if (!ticketed) return ticketed.error();
  std::vector<audit_entry> audits;
  for (size_t i = 0; i < ds.size(); ++i) {
    if (!out[i].fresh) continue;
    auto s = hand_off(ds[i], online->count(ds[i].tenant_id) > 0, *ticketed, out[i], audits);
    if (!s) return s.error();
  }
  if (auto s = insert_suggestions(ds, out, audits); !s) return s.error();
  if (auto s = supersede(ds, out, audits); !s) return s.error();
  if (auto s = audit_repo{db_}.append_all(audits); !s) return s.error();
  if (auto s = label_by_category(ds, out); !s) return s.error();
  for (size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    if (!out[i].fresh || !d.reply) continue;
    auto sent = outbound_repo{db_}.enqueue_reply_within(
        {d.tenant_id, d.conversation_id, "ai", std::nullopt, *d.reply, std::nullopt, std::nullopt});
    if (!sent) return sent.error();
    out[i].reply_message_id = sent->message.id;
  }
  return out;
}

status ai_repo::insert_decisions(const std::vector<decision_record>& ds,
                                 std::vector<applied_decision>& out) {
  std::vector<std::string> tenants, messages, conversations, categories, confidences, risks,
      entities, rules, reasons, actions, inputs, codes, params;
  for (const auto& d : ds) {
    tenants.push_back(std::to_string(d.tenant_id));
    messages.push_back(std::to_string(d.message_id));
    conversations.push_back(std::to_string(d.conversation_id));
    categories.push_back(d.category);
    confidences.push_back(std::to_string(d.confidence));
    risks.push_back(d.risk);
    entities.push_back(d.entities_json);
    rules.push_back(d.rule);
    reasons.push_back(d.reason);
    actions.push_back(d.action);
    inputs.push_back(d.inputs_json);
    codes.push_back(d.reason_code);
    params.push_back(d.reason_params_json);
  }
  auto r = db_.exec_prepared(
      "ai_decisions", insert_decisions_sql,
      {text_array(tenants), text_array(messages), text_array(conversations), text_array(categories),
       text_array(confidences), text_array(risks), text_array(entities), text_array(rules),
       text_array(reasons), text_array(actions), text_array(inputs), text_array(codes),
       text_array(params)});
  if (!r) return r.error();
  std::unordered_map<int64_t, int64_t> decided;  // message id → its new decision's id
  for (int i = 0; i < r->rows(); ++i) decided.emplace(r->i64(i, 0), r->i64(i, 1));
  for (size_t i = 0; i < ds.size(); ++i) {
    auto it = decided.find(ds[i].message_id);
    if (it == decided.end()) continue;
    out[i].fresh = true;
    out[i].decision_id = it->second;
    decided.erase(it);  // a message twice in one batch is decided once
  }
  return ok_status();
}

result<std::unordered_set<int64_t>> ai_repo::online_tenants(
    const std::vector<decision_record>& ds) {
  std::vector<int64_t> tenants;
  for (const auto& d : ds) {
    if (d.assign) tenants.push_back(d.tenant_id);
  }
  std::unordered_set<int64_t> out;
  if (tenants.empty()) return out;
  auto r = db_.exec_prepared("ai_online_tenants", online_tenants_sql.c_str(),
                             {int_array(tenants), std::to_string(presence_away_s_)});
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) out.insert(r->i64(i, 0));
  return out;
}

result<ai_repo::conversation_set> ai_repo::ticketed_conversations(
    const std::vector<decision_record>& ds, const std::vector<applied_decision>& out) {
  std::vector<int64_t> tenants, conversations;
  for (size_t i = 0; i < ds.size(); ++i) {
    if (!out[i].fresh || !ds[i].open_ticket) continue;
    tenants.push_back(ds[i].tenant_id);
    conversations.push_back(ds[i].conversation_id);
  }
  conversation_set found;
  if (tenants.empty()) return found;
  auto r = db_.exec_prepared("ai_ticketed", ticketed_sql,
                             {int_array(tenants), int_array(conversations)});
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) found.emplace(r->i64(i, 0), r->i64(i, 1));
  return found;
}

status ai_repo::hand_off(const decision_record& d, bool anyone_online, conversation_set& ticketed,
                         applied_decision& out, std::vector<audit_entry>& audits) {
  const std::string tid = std::to_string(d.tenant_id);
  const std::string cid = std::to_string(d.conversation_id);
  if (d.pause_bot) {
    auto paused = db_.exec_prepared("ai_pause_bot", pause_bot_sql, {tid, cid});
    if (!paused) return paused.error();
    if (paused->rows() > 0) {
      out.bot_paused = true;
      audits.push_back({d.tenant_id, ai_actor, "conversation", cid, "conversation.handoff",
                        R"({"bot_active":true})", R"({"bot_active":false})"});
      auto blacklisted = enqueue_blacklist(db_, d.tenant_id, d.conversation_id, false);
      if (!blacklisted) return blacklisted.error();
      out.blacklist_queued = blacklisted->has_value();
    }
  }
  if (d.assign && anyone_online) {
    auto assigned = db_.exec_prepared("ai_assign", assign_sql.c_str(),
                                      {tid, cid, std::to_string(presence_away_s_)});
    if (!assigned) return assigned.error();
    if (assigned->rows() > 0) {
      out.assignee_id = assigned->i64(0, 0);
      audits.push_back({d.tenant_id, actor{"system", std::nullopt}, "conversation", cid,
                        "conversation.assigned", R"({"assignee_id":null})",
                        "{\"assignee_id\":" + std::to_string(*out.assignee_id) + "}"});
    }
  }
  if (d.open_ticket && ticketed.emplace(d.tenant_id, d.conversation_id).second) {
    new_ticket t;
    t.subject = d.ticket_subject;
    t.priority = d.ticket_priority;
    t.category = d.category;
    t.conversation_id = d.conversation_id;
    t.description = d.reason;
    auto created = ticket_repo{db_}.create_in_transaction(d.tenant_id, ai_actor, t);
    if (!created) return created.error();
    out.ticket_id = created->id;
  }
  return ok_status();
}

status ai_repo::label_by_category(const std::vector<decision_record>& ds,
                                  std::vector<applied_decision>& out) {
  std::vector<int64_t> tenants, conversations;
  std::vector<std::string> categories;
  for (size_t i = 0; i < ds.size(); ++i) {
    if (!out[i].fresh) continue;
    tenants.push_back(ds[i].tenant_id);
    conversations.push_back(ds[i].conversation_id);
    categories.push_back(ds[i].category);
  }
  auto labeled = label_repo{db_}.apply_categories(tenants, conversations, categories);
  if (!labeled) return labeled.error();
  // The conversation's last fresh decision of the batch announces its labels.
  for (const auto& l : *labeled) {
    for (size_t i = ds.size(); i-- > 0;) {
      if (out[i].fresh && ds[i].conversation_id == l.conversation_id &&
          ds[i].tenant_id == l.tenant_id) {
        out[i].labels_json = l.labels_json;
        break;
      }
    }
  }
  return ok_status();
}

status ai_repo::insert_suggestions(const std::vector<decision_record>& ds,
                                   std::vector<applied_decision>& out,
                                   std::vector<audit_entry>& audits) {
  std::vector<std::string> tenants, conversations, messages, texts, categories, confidences,
      reasons, codes, params;
  std::unordered_map<int64_t, size_t> of_message;  // message id → index in ds
  for (size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    if (!out[i].fresh || !d.draft) continue;
    of_message.emplace(d.message_id, i);
    tenants.push_back(std::to_string(d.tenant_id));
    conversations.push_back(std::to_string(d.conversation_id));
    messages.push_back(std::to_string(d.message_id));
    texts.push_back(*d.draft);
    categories.push_back(d.category);
    confidences.push_back(std::to_string(d.confidence));
    reasons.push_back(d.reason);
    codes.push_back(d.reason_code);
    params.push_back(d.reason_params_json);
  }
  if (of_message.empty()) return ok_status();
  auto r = db_.exec_prepared("ai_suggestions", insert_suggestions_sql,
                             {text_array(tenants), text_array(conversations), text_array(messages),
                              text_array(texts), text_array(categories), text_array(confidences),
                              text_array(reasons), text_array(codes), text_array(params)});
  if (!r) return r.error();
  for (int row = 0; row < r->rows(); ++row) {
    auto i = of_message.at(r->i64(row, 0));
    out[i].suggestion_id = r->i64(row, 1);
    audits.push_back({ds[i].tenant_id, ai_actor, "suggestion", std::to_string(r->i64(row, 1)),
                      "suggestion.created", std::nullopt, r->str(row, 2)});
  }
  return ok_status();
}

status ai_repo::supersede(const std::vector<decision_record>& ds,
                          std::vector<applied_decision>& out, std::vector<audit_entry>& audits) {
  std::vector<std::string> tenants, conversations, messages;
  std::unordered_map<int64_t, size_t> of_message;  // message id → index in ds
  for (size_t i = 0; i < ds.size(); ++i) {
    if (!out[i].fresh) continue;
    of_message.emplace(ds[i].message_id, i);
    tenants.push_back(std::to_string(ds[i].tenant_id));
    conversations.push_back(std::to_string(ds[i].conversation_id));
    messages.push_back(std::to_string(ds[i].message_id));
  }
  if (of_message.empty()) return ok_status();
  auto r =
      db_.exec_prepared("ai_supersede", supersede_sql,
                        {text_array(tenants), text_array(conversations), text_array(messages)});
  if (!r) return r.error();
  for (int row = 0; row < r->rows(); ++row) {
    auto i = of_message.at(r->i64(row, 2));
    auto id = r->i64(row, 3);
    out[i].superseded.push_back(id);
    audits.push_back(
        {r->i64(row, 0), ai_actor, "suggestion", std::to_string(id), "suggestion.superseded",
         R"({"status":"pending"})",
         "{\"status\":\"superseded\",\"by_message_id\":" + std::to_string(r->i64(row, 2)) + "}"});
  }
  return ok_status();
}

}  // namespace centralita::storage
