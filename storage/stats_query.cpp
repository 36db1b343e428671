#include "storage/stats_query.hpp"

#include <algorithm>

namespace centralita::storage {

namespace {

constexpr const char* per_hour_sql = R"sql(
SELECT rfc3339(h), coalesce(m.inbound, 0), coalesce(m.outbound, 0)
FROM generate_series(date_trunc('hour', now()) - make_interval(hours => $2 - 1),
                     date_trunc('hour', now()), interval '1 hour') h
LEFT JOIN (
  SELECT date_trunc('hour', created_at) AS hour,
         count(*) FILTER (WHERE direction = 'in') AS inbound,
         count(*) FILTER (WHERE direction = 'out') AS outbound
  FROM messages
  WHERE tenant_id = $1 AND created_at >= date_trunc('hour', now()) - make_interval(hours => $2 - 1)
  GROUP BY 1
) m ON m.hour = h
ORDER BY h
)sql";

constexpr const char* decisions_sql = R"sql(
SELECT 'category', category, count(*) FROM ai_decisions
WHERE tenant_id = $1 AND created_at > now() - make_interval(hours => $2) GROUP BY category
UNION ALL
SELECT 'action', action, count(*) FROM ai_decisions
WHERE tenant_id = $1 AND created_at > now() - make_interval(hours => $2) GROUP BY action
UNION ALL
SELECT 'reply', sender_type, count(*) FROM messages
WHERE tenant_id = $1 AND direction = 'out' AND created_at > now() - make_interval(hours => $2)
GROUP BY sender_type
ORDER BY 1, 3 DESC, 2
)sql";

// From a conversation's first customer message to the first answer by the bot or an agent.
constexpr const char* first_response_sql = R"sql(
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s), percentile_cont(0.9) WITHIN GROUP (ORDER BY s),
       count(*)
FROM (
  SELECT extract(epoch FROM o.first_out - i.first_in) AS s
  FROM conversations c
  CROSS JOIN LATERAL (SELECT min(created_at) AS first_in FROM messages
                      WHERE tenant_id = c.tenant_id AND conversation_id = c.id
                        AND direction = 'in') i
  CROSS JOIN LATERAL (SELECT min(created_at) AS first_out FROM messages
                      WHERE tenant_id = c.tenant_id AND conversation_id = c.id
                        AND direction = 'out' AND sender_type IN ('agent', 'bot')
                        AND created_at >= i.first_in) o
  WHERE c.tenant_id = $1 AND c.created_at > now() - make_interval(hours => $2)
    AND o.first_out IS NOT NULL
) t
)sql";

constexpr const char* totals_sql = R"sql(
SELECT
  (SELECT count(*) FROM conversations WHERE tenant_id = $1 AND status IN ('open', 'pending')),
  (SELECT count(*) FROM conversations WHERE tenant_id = $1 AND status IN ('open', 'pending')
     AND assignee_id IS NULL),
  (SELECT count(*) FROM suggestions WHERE tenant_id = $1 AND status = 'pending'),
  (SELECT count(*) FROM tickets WHERE tenant_id = $1 AND status IN ('NEW', 'IN_PROGRESS')),
  (SELECT count(*) FROM sla_breaches WHERE tenant_id = $1
     AND breached_at > now() - make_interval(hours => $2))
)sql";

}  // namespace

result<dashboard_stats> stats_query::compute(int64_t tenant_id, int hours) {
  dashboard_stats s;
  s.hours = std::clamp(hours, 1, 720);
  const std::vector<param> args{std::to_string(tenant_id), std::to_string(s.hours)};
  auto per_hour = db_.exec(per_hour_sql, args);
  if (!per_hour) return per_hour.error();
  for (int i = 0; i < per_hour->rows(); ++i) {
    s.messages_per_hour.push_back({per_hour->str(i, 0), per_hour->i64(i, 1), per_hour->i64(i, 2)});
  }
  auto counts = db_.exec(decisions_sql, args);
  if (!counts) return counts.error();
  for (int i = 0; i < counts->rows(); ++i) {
    auto kind = counts->text(i, 0);
    named_count c{counts->str(i, 1), counts->i64(i, 2)};
    (kind == "category" ? s.categories : kind == "action" ? s.actions : s.replies).push_back(c);
  }
  auto fr = db_.exec(first_response_sql, args);
  if (!fr) return fr.error();
  if (!fr->is_null(0, 0)) s.first_response_p50_s = std::stod(fr->str(0, 0));
  if (!fr->is_null(0, 1)) s.first_response_p90_s = std::stod(fr->str(0, 1));
  s.first_response_samples = fr->i64(0, 2);
  auto totals = db_.exec(totals_sql, args);
  if (!totals) return totals.error();
  s.open_conversations = totals->i64(0, 0);
  s.unassigned_conversations = totals->i64(0, 1);
  s.pending_suggestions = totals->i64(0, 2);
  s.open_tickets = totals->i64(0, 3);
  s.sla_breaches = totals->i64(0, 4);
  return s;
}

}  // namespace centralita::storage
