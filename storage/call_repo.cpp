#include "storage/call_repo.hpp"

#include "storage/audit_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// Locks the event's row: a second processing of it waits, then sees it processed.
constexpr const char* lock_event_sql = R"sql(
SELECT status FROM event_log WHERE event_id = $1 FOR UPDATE
)sql";

// The no-op update makes RETURNING give the existing row too; a call teaches the language. A
// merged customer's phone leads to the customer it was merged into (storage/customer_merge.hpp).
constexpr const char* upsert_customer_sql = R"sql(
INSERT INTO customers (tenant_id, phone, language) VALUES ($1, $2, NULLIF($3, ''))
ON CONFLICT (tenant_id, phone) DO UPDATE
  SET language = COALESCE(customers.language, EXCLUDED.language)
RETURNING COALESCE(merged_into_id, id), COALESCE(language, '')
)sql";

constexpr const char* open_conversation_sql = R"sql(
INSERT INTO conversations (tenant_id, customer_id, channel_account_id, last_message_at)
VALUES ($1, $2, NULLIF($3, 0), now())
ON CONFLICT (tenant_id, customer_id) WHERE status IN ('open', 'pending') DO NOTHING
)sql";

constexpr const char* find_conversation_sql = R"sql(
UPDATE conversations SET last_message_at = now(), updated_at = now()
WHERE tenant_id = $1 AND customer_id = $2 AND status IN ('open', 'pending')
RETURNING id
)sql";

constexpr const char* open_ticket_sql = R"sql(
SELECT id FROM tickets
WHERE tenant_id = $1 AND (conversation_id = $2 OR customer_id = $3)
  AND status IN ('NEW', 'IN_PROGRESS')
ORDER BY (conversation_id = $2) DESC NULLS LAST, id DESC LIMIT 1
)sql";

// An audio event only brings the recording; the other two bring everything else. They may come
// in either order, so each keeps what the other stored.
constexpr const char* upsert_call_sql = R"sql(
INSERT INTO call_sessions (tenant_id, channel_account_id, provider_conversation_id, agent_id,
                           customer_id, conversation_id, ticket_id, direction, status, phone,
                           started_at, duration_s, summary, transcript, collected_data,
                           audio_path, failure_reason)
VALUES ($1, NULLIF($2::bigint, 0), $3, NULLIF($4, ''), $5, $6, $7, $8, $9, NULLIF($10, ''),
        to_timestamp($11::bigint), $12, NULLIF($13, ''), $14::jsonb, $15::jsonb, NULLIF($16, ''),
        NULLIF($17, ''))
ON CONFLICT (tenant_id, provider_conversation_id) DO UPDATE SET
  agent_id = COALESCE(EXCLUDED.agent_id, call_sessions.agent_id),
  customer_id = COALESCE(EXCLUDED.customer_id, call_sessions.customer_id),
  conversation_id = COALESCE(EXCLUDED.conversation_id, call_sessions.conversation_id),
  ticket_id = COALESCE(EXCLUDED.ticket_id, call_sessions.ticket_id),
  phone = COALESCE(EXCLUDED.phone, call_sessions.phone),
  direction = CASE WHEN $18 = 'audio' THEN call_sessions.direction ELSE EXCLUDED.direction END,
  status = CASE WHEN $18 = 'audio' THEN call_sessions.status ELSE EXCLUDED.status END,
  started_at = COALESCE(EXCLUDED.started_at, call_sessions.started_at),
  duration_s = COALESCE(EXCLUDED.duration_s, call_sessions.duration_s),
  summary = COALESCE(EXCLUDED.summary, call_sessions.summary),
  transcript = CASE WHEN $18 = 'transcription' THEN EXCLUDED.transcript
                    ELSE call_sessions.transcript END,
  collected_data = CASE WHEN $18 = 'transcription' THEN EXCLUDED.collected_data
                        ELSE call_sessions.collected_data END,
  audio_path = COALESCE(EXCLUDED.audio_path, call_sessions.audio_path),
  failure_reason = COALESCE(EXCLUDED.failure_reason, call_sessions.failure_reason),
  updated_at = now()
RETURNING id, (xmax = 0), conversation_id,
  jsonb_build_object('id', id, 'conversation_id', conversation_id, 'customer_id', customer_id,
                     'ticket_id', ticket_id, 'direction', direction, 'status', status,
                     'duration_s', duration_s, 'summary', summary,
                     'has_audio', audio_path IS NOT NULL, 'failure_reason', failure_reason)::text
)sql";

constexpr const char* insert_suggestion_sql = R"sql(
INSERT INTO suggestions (tenant_id, conversation_id, text, reason)
VALUES ($1, $2, $3, $4)
RETURNING id, jsonb_build_object('id', id, 'status', status, 'text', text)::text
)sql";

constexpr const char* mark_processed_sql = R"sql(
WITH done AS (
  UPDATE event_log SET status = 'processed', processed_at = now(), attempts = attempts + 1
  WHERE event_id = $1
  RETURNING seq
)
DELETE FROM event_queue WHERE seq IN (SELECT seq FROM done)
)sql";

}  // namespace

std::string call_follow_up_text(const std::string& language, const std::string& summary) {
  auto lang = language.substr(0, 2);
  if (lang == "en") return "Thanks for your call. Summary: " + summary;
  if (lang == "pt") return "Obrigado pela sua ligação. Resumo: " + summary;
  return "Gracias por tu llamada. Resumen: " + summary;
}

result<stored_call> call_repo::store(const call_event& ev) {
  return in_transaction(db_, [&]() -> result<stored_call> {
    stored_call out;
    auto locked = db_.exec_prepared("calls_lock_event", lock_event_sql, {ev.event_id});
    if (!locked) return locked.error();
    if (locked->rows() == 1 && locked->str(0, 0) != "accepted") return out;
    const auto tid = std::to_string(ev.tenant_id);
    std::optional<int64_t> customer_id, conversation_id, ticket_id;
    std::string language = ev.language;
    if (!ev.phone.empty() && ev.kind != "audio") {
      auto c = db_.exec_prepared("calls_customer", upsert_customer_sql, {tid, ev.phone, language});
      if (!c) return c.error();
      customer_id = c->i64(0, 0);
      if (!c->str(0, 1).empty()) language = c->str(0, 1);
      const auto cid = std::to_string(*customer_id);
      auto o = db_.exec_prepared("calls_open_conversation", open_conversation_sql,
                                 {tid, cid, std::to_string(ev.account_id)});
      if (!o) return o.error();
      auto v = db_.exec_prepared("calls_find_conversation", find_conversation_sql, {tid, cid});
      if (!v) return v.error();
      if (v->rows() > 0) conversation_id = v->i64(0, 0);
      auto t = db_.exec_prepared("calls_open_ticket", open_ticket_sql,
                                 {tid, nullable_param(conversation_id), cid});
      if (!t) return t.error();
      if (t->rows() > 0) ticket_id = t->i64(0, 0);
    }
    auto call = db_.exec_prepared(
        "calls_upsert", upsert_call_sql,
        {tid, std::to_string(ev.account_id), ev.provider_conversation_id, ev.agent_id,
         nullable_param(customer_id), nullable_param(conversation_id), nullable_param(ticket_id),
         ev.direction, ev.status, ev.phone, nullable_param(ev.started_at_s),
         nullable_param(ev.duration_s), ev.summary, ev.transcript_json, ev.collected_json,
         ev.audio_path, ev.failure_reason, ev.kind});
    if (!call) return call.error();
    out.applied = true;
    out.call_id = call->i64(0, 0);
    out.created = call->boolean(0, 1);
    if (!call->is_null(0, 2)) out.conversation_id = call->i64(0, 2);
    out.call_json = call->str(0, 3);
    auto audited = audit_repo{db_}.append(
        {ev.tenant_id, actor{"system", std::nullopt}, "call", std::to_string(out.call_id),
         out.created ? "call.created" : "call.updated", std::nullopt, out.call_json});
    if (!audited) return audited.error();
    if (ev.kind == "transcription" && out.conversation_id && !ev.summary.empty()) {
      out.suggestion_text = call_follow_up_text(language, ev.summary);
      auto s = db_.exec_prepared("calls_suggestion", insert_suggestion_sql,
                                 {tid, std::to_string(*out.conversation_id), out.suggestion_text,
                                  "follow-up of call " + ev.provider_conversation_id});
      if (!s) return s.error();
      out.suggestion_id = s->i64(0, 0);
      auto a = audit_repo{db_}.append({ev.tenant_id, actor{"ai", std::nullopt}, "suggestion",
                                       std::to_string(*out.suggestion_id), "suggestion.created",
                                       std::nullopt, s->str(0, 1)});
      if (!a) return a.error();
    }
    if (auto m = db_.exec_prepared("calls_mark_processed", mark_processed_sql, {ev.event_id}); !m)
      return m.error();
    return out;
  });
}

}  // namespace centralita::storage
