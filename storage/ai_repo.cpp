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

const actor ai_actor{"ai", std::nullopt};

}  // namespace

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
