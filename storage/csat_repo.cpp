#include "storage/csat_repo.hpp"

#include <unordered_set>

#include "storage/message_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// A conversation is asked once (the unique key), only when its customer wrote in it, and
// unless the tenant's settings say "service": {"csat_enabled": false}.
constexpr const char* insert_question_sql = R"sql(
INSERT INTO csat_ratings (tenant_id, conversation_id, customer_id, agent_id, language)
SELECT v.tenant_id, v.id, v.customer_id, v.assignee_id,
       CASE WHEN lower(COALESCE(u.language, '')) LIKE 'en%' THEN 'en' ELSE 'es' END
FROM conversations v
JOIN customers u ON u.tenant_id = v.tenant_id AND u.id = v.customer_id
JOIN tenants t ON t.id = v.tenant_id
WHERE v.tenant_id = $1 AND v.id = $2 AND v.status = 'resolved'
  AND COALESCE(t.settings -> 'service' -> 'csat_enabled', 'true'::jsonb) <> 'false'::jsonb
  AND EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = v.tenant_id
              AND m.conversation_id = v.id AND m.direction = 'in')
ON CONFLICT (tenant_id, conversation_id) DO NOTHING
RETURNING id, language
)sql";

constexpr const char* set_asked_message_sql =
    "UPDATE csat_ratings SET asked_message_id = $3 WHERE tenant_id = $1 AND id = $2";

// The question still waiting for the customer writing from this phone: asked in the last
// three days and unanswered, and nothing written by them since (a later message means the
// moment passed, so a number in it is not taken for a rating).
constexpr const char* waiting_sql = R"sql(
SELECT r.id, r.conversation_id, r.agent_id FROM csat_ratings r
WHERE r.tenant_id = $1 AND r.rating IS NULL AND r.asked_at > now() - interval '3 days'
  AND r.customer_id = (SELECT COALESCE(c.merged_into_id, c.id) FROM customers c
                       WHERE c.tenant_id = $1 AND c.phone = $2)
  AND NOT EXISTS (
    SELECT 1 FROM conversations v JOIN messages m
      ON m.tenant_id = v.tenant_id AND m.conversation_id = v.id
    WHERE v.tenant_id = $1 AND v.customer_id = r.customer_id AND m.direction = 'in'
      AND m.created_at > r.asked_at)
ORDER BY r.asked_at DESC LIMIT 1
FOR UPDATE OF r
)sql";

constexpr const char* insert_reply_sql = R"sql(
INSERT INTO messages (tenant_id, conversation_id, event_id, direction, sender_type, body, status)
VALUES ($1, $2, $3, 'in', 'customer', $4, 'received')
ON CONFLICT (event_id) DO NOTHING
RETURNING id
)sql";

constexpr const char* stored_events_sql =
    "SELECT event_id::text FROM messages WHERE event_id = ANY($1::uuid[])";

constexpr const char* set_rating_sql =
    "UPDATE csat_ratings SET rating = $3, rated_message_id = $4, rated_at = now() "
    "WHERE tenant_id = $1 AND id = $2";

constexpr const char* of_conversation_sql =
    "SELECT rfc3339(asked_at), rating, rfc3339(rated_at) FROM csat_ratings "
    "WHERE tenant_id = $1 AND conversation_id = $2";

// $2 and $3 are the first and last day; the previous period has the same length.
constexpr const char* summary_sql = R"sql(
WITH p AS (
  SELECT ($2::date)::timestamp AT TIME ZONE 'UTC' AS lo,
         ($3::date + 1)::timestamp AT TIME ZONE 'UTC' AS hi,
         ($2::date - ($3::date - $2::date + 1))::timestamp AT TIME ZONE 'UTC' AS prev
)
SELECT count(*) FILTER (WHERE r.asked_at >= p.lo AND r.asked_at < p.hi),
       count(r.rating) FILTER (WHERE r.rated_at >= p.lo AND r.rated_at < p.hi),
       avg(r.rating) FILTER (WHERE r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(*) FILTER (WHERE r.rating = 1 AND r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(*) FILTER (WHERE r.rating = 2 AND r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(*) FILTER (WHERE r.rating = 3 AND r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(*) FILTER (WHERE r.rating = 4 AND r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(*) FILTER (WHERE r.rating = 5 AND r.rated_at >= p.lo AND r.rated_at < p.hi),
       count(r.rating) FILTER (WHERE r.rated_at >= p.prev AND r.rated_at < p.lo),
       avg(r.rating) FILTER (WHERE r.rated_at >= p.prev AND r.rated_at < p.lo)
FROM p LEFT JOIN csat_ratings r
  ON r.tenant_id = $1 AND (r.asked_at >= p.prev OR r.rated_at >= p.prev)
)sql";

constexpr const char* by_agent_sql = R"sql(
SELECT r.agent_id, COALESCE(u.name, ''), count(*), avg(r.rating)
FROM csat_ratings r
LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.agent_id
WHERE r.tenant_id = $1 AND r.rating IS NOT NULL
  AND r.rated_at >= ($2::date)::timestamp AT TIME ZONE 'UTC'
  AND r.rated_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
GROUP BY r.agent_id, u.name
ORDER BY count(*) DESC, r.agent_id
)sql";

}  // namespace

const std::string& csat_question(const std::string& language) {
  static const std::string es =
      "¿Cómo valorarías la atención que recibiste? Responde con un número del 1 (mala) al 5 "
      "(excelente).";
  static const std::string en =
      "How would you rate the help you received? Reply with a number from 1 (poor) to 5 "
      "(excellent).";
  return language == "en" ? en : es;
}

result<std::optional<enqueued_reply>> csat_repo::ask_within(int64_t tenant_id,
                                                            int64_t conversation_id) {
  const std::string tid = std::to_string(tenant_id);
  auto q = db_.exec(insert_question_sql, {tid, std::to_string(conversation_id)});
  if (!q) return q.error();
  if (q->rows() == 0) return std::optional<enqueued_reply>{};
  auto sent =
      outbound_repo{db_}.enqueue_reply_within({tenant_id, conversation_id, "system", std::nullopt,
                                               csat_question(q->str(0, 1)), std::nullopt});
  if (!sent) return sent.error();
  auto u = db_.exec(set_asked_message_sql, {tid, q->str(0, 0), std::to_string(sent->message.id)});
  if (!u) return u.error();
  return std::optional<enqueued_reply>{std::move(*sent)};
}

result<csat_outcome> csat_repo::record(const std::vector<csat_reply>& replies) {
  return in_transaction(db_, [&]() -> result<csat_outcome> {
    csat_outcome out;
    auto& events = out.consumed_events;
    std::vector<std::string> ids;
    for (const auto& reply : replies) ids.push_back(reply.event_id);
    auto seen = db_.exec(stored_events_sql, {text_array(ids)});
    if (!seen) return seen.error();
    std::unordered_set<std::string> stored;
    for (int i = 0; i < seen->rows(); ++i) stored.insert(seen->str(i, 0));
    for (const auto& reply : replies) {
      if (stored.count(reply.event_id) > 0) {
        events.push_back(reply.event_id);  // a replay: stored (and rated) before
        continue;
      }
      const std::string tid = std::to_string(reply.tenant_id);
      auto w = db_.exec(waiting_sql, {tid, reply.phone});
      if (!w) return w.error();
      if (w->rows() == 0) continue;
      recorded_rating rec;
      rec.event_id = reply.event_id;
      rec.tenant_id = reply.tenant_id;
      rec.conversation_id = w->i64(0, 1);
      rec.rating = reply.rating;
      if (!w->is_null(0, 2)) rec.agent_id = w->i64(0, 2);
      rec.body = reply.body;
      auto m = db_.exec(insert_reply_sql,
                        {tid, std::to_string(rec.conversation_id), reply.event_id, reply.body});
      if (!m) return m.error();
      events.push_back(reply.event_id);
      if (m->rows() == 0) continue;  // stored before: a replayed event
      rec.message_id = m->i64(0, 0);
      auto s = db_.exec(set_rating_sql, {tid, w->str(0, 0), std::to_string(reply.rating),
                                         std::to_string(rec.message_id)});
      if (!s) return s.error();
      out.rated.push_back(std::move(rec));
    }
    if (!events.empty()) {
      if (auto s = message_repo{db_}.mark_processed(events); !s) return s.error();
    }
    return out;
  });
}

result<std::optional<conversation_csat>> csat_repo::of_conversation(int64_t tenant_id,
                                                                    int64_t conversation_id) {
  auto r =
      db_.exec(of_conversation_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<conversation_csat>{};
  conversation_csat c;
  c.asked_at = r->str(0, 0);
  if (!r->is_null(0, 1)) c.rating = static_cast<int>(r->i64(0, 1));
  if (!r->is_null(0, 2)) c.rated_at = r->str(0, 2);
  return std::optional<conversation_csat>{std::move(c)};
}

result<csat_summary> csat_repo::summary(int64_t tenant_id, const std::string& from,
                                        const std::string& to) {
  const std::string tid = std::to_string(tenant_id);
  auto r = db_.exec(summary_sql, {tid, from, to});
  if (!r) return r.error();
  csat_summary s;
  s.asked = r->i64(0, 0);
  s.rated = r->i64(0, 1);
  s.average = nullable_double(*r, 0, 2);
  for (int i = 0; i < 5; ++i) s.distribution[static_cast<size_t>(i)] = r->i64(0, 3 + i);
  s.previous_rated = r->i64(0, 8);
  s.previous_average = nullable_double(*r, 0, 9);
  auto a = db_.exec(by_agent_sql, {tid, from, to});
  if (!a) return a.error();
  for (int i = 0; i < a->rows(); ++i) {
    csat_summary::agent_row row;
    if (!a->is_null(i, 0)) row.agent_id = a->i64(i, 0);
    row.name = a->str(i, 1);
    row.rated = a->i64(i, 2);
    row.average = std::stod(a->str(i, 3));
    s.by_agent.push_back(std::move(row));
  }
  return s;
}

}  // namespace centralita::storage
