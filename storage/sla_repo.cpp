#include "storage/sla_repo.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "storage/audit_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// The stored policy, value by value; a value of the wrong JSON type reads as NULL (default).
#define CENTRALITA_SLA_NUMBER(path) \
  "CASE WHEN jsonb_typeof(s #> '" path "') = 'number' THEN s #>> '" path "' END, "
constexpr const char* policy_sql =
    "SELECT " CENTRALITA_SLA_NUMBER("{first_response_minutes,low}")
        CENTRALITA_SLA_NUMBER("{first_response_minutes,normal}")
            CENTRALITA_SLA_NUMBER("{first_response_minutes,high}")
                CENTRALITA_SLA_NUMBER("{first_response_minutes,urgent}")
                    CENTRALITA_SLA_NUMBER("{resolution_minutes,low}")
                        CENTRALITA_SLA_NUMBER("{resolution_minutes,normal}")
                            CENTRALITA_SLA_NUMBER("{resolution_minutes,high}")
                                CENTRALITA_SLA_NUMBER("{resolution_minutes,urgent}")
                                    CENTRALITA_SLA_NUMBER("{business_hours,start_hour}")
                                        CENTRALITA_SLA_NUMBER("{business_hours,end_hour}")
    " CASE WHEN jsonb_typeof(s #> '{business_hours,days}') = 'array' "
    "  THEN (SELECT coalesce(string_agg(e, ','), '') "
    "        FROM jsonb_array_elements_text(s #> '{business_hours,days}') e) END, "
    " CASE WHEN jsonb_typeof(s #> '{business_hours,time_zone}') = 'string' "
    "  THEN s #>> '{business_hours,time_zone}' END "
    "FROM (SELECT settings -> 'sla' AS s FROM tenants WHERE id = $1) t";
#undef CENTRALITA_SLA_NUMBER

// pg_timezone_names reads the zone files: fine for a settings change, not for every ticket.
constexpr const char* known_zone_sql =
    "SELECT EXISTS (SELECT 1 FROM pg_timezone_names "
    "WHERE name = $1)";

// Local minus UTC wall time at an instant is the zone's offset then.
#define CENTRALITA_OFFSET_AT(ts, zone)                        \
  "(extract(epoch FROM (" ts " AT TIME ZONE " zone ") - (" ts \
  " AT TIME ZONE 'UTC')) "                                    \
  "/ 60)::int"
constexpr const char* now_sql =
    "SELECT (extract(epoch FROM now()) * 1000000)::bigint, " CENTRALITA_OFFSET_AT("now()", "$1");

constexpr const char* unstamped_conversations_sql =
    "SELECT c.id, c.tenant_id, (extract(epoch FROM c.created_at) * 1000000)::bigint "
    "FROM conversations c "
    "WHERE c.status IN ('open', 'pending') AND c.first_response_due_at IS NULL "
    "ORDER BY c.id LIMIT $1";
constexpr const char* offset_at_sql =
    "SELECT " CENTRALITA_OFFSET_AT("to_timestamp($2::bigint / 1000000.0)", "$1");
#undef CENTRALITA_OFFSET_AT
// Bulk updates of conversations lock their rows in id order first (as the message writers do),
// so that they never deadlock with each other.
constexpr const char* stamp_conversations_sql =
    "WITH locked AS MATERIALIZED (SELECT id FROM conversations WHERE id = ANY($1::bigint[]) "
    " ORDER BY id FOR NO KEY UPDATE) "
    "UPDATE conversations c "
    "SET first_response_due_at = to_timestamp(d.f / 1000000.0), "
    " resolution_due_at = to_timestamp(d.r / 1000000.0) "
    "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS d(id, f, r) "
    "JOIN locked l ON l.id = d.id "
    "WHERE c.id = d.id AND c.first_response_due_at IS NULL";

// A reply counts once it reached the provider; one that failed or died is no answer.
#define CENTRALITA_REPLY_SENT                                  \
  "m.direction = 'out' AND m.sender_type IN ('agent', 'bot') " \
  "AND m.status IN ('sent', 'delivered', 'read') "
constexpr const char* conversation_responses_sql =
    "WITH r AS MATERIALIZED (SELECT c2.id, (SELECT min(m.created_at) FROM messages m "
    "   WHERE m.tenant_id = c2.tenant_id AND m.conversation_id = c2.id AND " CENTRALITA_REPLY_SENT
    ") AS at "
    " FROM conversations c2 "
    " WHERE c2.status IN ('open', 'pending') AND c2.first_responded_at IS NULL "
    "   AND c2.first_response_due_at IS NOT NULL), "
    "locked AS MATERIALIZED (SELECT id FROM conversations "
    " WHERE id IN (SELECT id FROM r WHERE at IS NOT NULL) ORDER BY id FOR NO KEY UPDATE) "
    "UPDATE conversations c SET first_responded_at = r.at "
    "FROM r JOIN locked l ON l.id = r.id "
    "WHERE c.id = r.id";
constexpr const char* ticket_responses_sql =
    "UPDATE tickets t SET first_responded_at = r.at "
    "FROM (SELECT t2.id, (SELECT min(m.created_at) FROM messages m "
    "   WHERE m.tenant_id = t2.tenant_id AND m.conversation_id = t2.conversation_id "
    "     AND m.created_at >= t2.created_at AND " CENTRALITA_REPLY_SENT
    ") AS at "
    " FROM tickets t2 "
    " WHERE t2.status IN ('NEW', 'IN_PROGRESS') AND t2.first_responded_at IS NULL "
    "   AND t2.conversation_id IS NOT NULL) r "
    "WHERE t.id = r.id AND r.at IS NOT NULL";
#undef CENTRALITA_REPLY_SENT

// Open items past a due time not met and not yet recorded; ON CONFLICT settles a race with
// another process checking at the same time.
constexpr const char* record_breaches_sql = R"sql(
WITH due AS (
  SELECT tenant_id, 'ticket' AS entity_type, id AS entity_id, 'first_response' AS kind,
         first_response_due_at AS due_at
  FROM tickets WHERE status IN ('NEW', 'IN_PROGRESS') AND first_responded_at IS NULL
    AND first_response_due_at < to_timestamp($1::bigint / 1000000.0)
  UNION ALL
  SELECT tenant_id, 'ticket', id, 'resolution', resolution_due_at
  FROM tickets WHERE status IN ('NEW', 'IN_PROGRESS')
    AND resolution_due_at < to_timestamp($1::bigint / 1000000.0)
  UNION ALL
  SELECT tenant_id, 'conversation', id, 'first_response', first_response_due_at
  FROM conversations WHERE status IN ('open', 'pending') AND first_responded_at IS NULL
    AND first_response_due_at < to_timestamp($1::bigint / 1000000.0)
  UNION ALL
  SELECT tenant_id, 'conversation', id, 'resolution', resolution_due_at
  FROM conversations WHERE status IN ('open', 'pending')
    AND resolution_due_at < to_timestamp($1::bigint / 1000000.0)
)
INSERT INTO sla_breaches (tenant_id, entity_type, entity_id, kind, due_at, breached_at)
SELECT d.tenant_id, d.entity_type, d.entity_id, d.kind, d.due_at,
       to_timestamp($1::bigint / 1000000.0)
FROM due d
WHERE NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.entity_type = d.entity_type
                    AND b.entity_id = d.entity_id AND b.kind = d.kind)
ORDER BY d.due_at, d.entity_id LIMIT $2
ON CONFLICT (entity_type, entity_id, kind) DO NOTHING
RETURNING id, tenant_id, entity_type, entity_id, kind, rfc3339(due_at), rfc3339(breached_at)
)sql";

constexpr const char* lock_ticket_priority_sql =
    "SELECT priority FROM tickets WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* escalate_sql =
    "UPDATE tickets SET priority = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2";
constexpr const char* breach_event_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, after, note) "
    "VALUES ($1, $2, 'sla_breached', 'system', "
    " jsonb_build_object('kind', $3::text, 'due_at', $4::text), $5)";
constexpr const char* priority_event_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, before, after, note) "
    "VALUES ($1, $2, 'priority_changed', 'system', jsonb_build_object('priority', $3::text), "
    " jsonb_build_object('priority', $4::text), 'SLA breach')";
constexpr const char* breach_audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, entity_type, entity_id, action, before, "
    " after) "
    "VALUES ($1, 'system', $2, $3, 'sla.breached', "
    " CASE WHEN $4::text IS NULL THEN NULL ELSE jsonb_build_object('priority', $4::text) END, "
    " jsonb_build_object('kind', $5::text, 'due_at', $6::text, 'priority', $7::text))";

constexpr int stamp_batch = 500;
constexpr int breach_batch = 500;

std::optional<int> read_int(const pg_result& r, int col, int lo, int hi) {
  if (r.is_null(0, col)) return std::nullopt;
  const std::string s = r.str(0, col);
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<std::array<bool, 7>> read_days(const std::string& list) {
  std::array<bool, 7> days{};
  size_t from = 0;
  while (from < list.size()) {
    size_t comma = list.find(',', from);
    if (comma == std::string::npos) comma = list.size();
    auto name = std::string_view{list}.substr(from, comma - from);
    auto it = std::find(sla_day_names.begin(), sla_day_names.end(), name);
    if (it == sla_day_names.end()) return std::nullopt;
    days[it - sla_day_names.begin()] = true;
    from = comma + 1;
  }
  if (std::none_of(days.begin(), days.end(), [](bool d) { return d; })) return std::nullopt;
  return days;
}

}  // namespace

int64_t to_epoch_us(sys_time t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

sys_time from_epoch_us(int64_t us) {
  return sys_time{} + std::chrono::duration_cast<sys_time::duration>(std::chrono::microseconds(us));
}

result<sla_policy> sla_repo::policy(int64_t tenant_id) {
  auto r = db_.exec_prepared("sla_policy", policy_sql, {std::to_string(tenant_id)});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  sla_policy p;
  constexpr int year_minutes = 366 * 24 * 60;
  for (size_t i = 0; i < p.targets.size(); ++i) {
    const int col = static_cast<int>(i);
    if (auto v = read_int(*r, col, 1, year_minutes)) p.targets[i].first_response_minutes = *v;
    if (auto v = read_int(*r, col + 4, 1, year_minutes)) p.targets[i].resolution_minutes = *v;
  }
  auto start = read_int(*r, 8, 0, 23);
  auto end = read_int(*r, 9, 1, 24);
  const int s = start.value_or(p.hours.start_hour);
  const int e = end.value_or(p.hours.end_hour);
  if (s < e) {
    p.hours.start_hour = s;
    p.hours.end_hour = e;
  }
  if (!r->is_null(0, 10)) {
    if (auto days = read_days(r->str(0, 10))) p.hours.days = *days;
  }
  if (!r->is_null(0, 11)) p.hours.time_zone = r->str(0, 11);
  return p;
}

result<bool> sla_repo::known_time_zone(const std::string& name) {
  auto r = db_.exec(known_zone_sql, {name});
  if (!r) return r.error();
  return r->str(0, 0) == "t";
}

result<sla_due> sla_repo::due_now(int64_t tenant_id, std::string_view priority) {
  auto p = policy(tenant_id);
  if (!p) return p.error();
  auto r = db_.exec_prepared("sla_now", now_sql, {p->hours.time_zone});
  if (!r) return r.error();
  return due_times(*p, priority, from_epoch_us(r->i64(0, 0)), static_cast<int>(r->i64(0, 1)));
}

result<std::optional<std::pair<sys_time, int>>> sla_repo::next_opening_now(int64_t tenant_id) {
  using out = std::optional<std::pair<sys_time, int>>;
  auto p = policy(tenant_id);
  if (!p) return p.error();
  auto r = db_.exec_prepared("sla_now", now_sql, {p->hours.time_zone});
  if (!r) return r.error();
  const auto now = from_epoch_us(r->i64(0, 0));
  const int offset = static_cast<int>(r->i64(0, 1));
  const auto opens = next_opening(now, p->hours, offset);
  if (opens == now) return out{};
  return out{std::make_pair(opens, offset)};
}

result<size_t> sla_repo::stamp_conversations(int limit) {
  auto rows = db_.exec(unstamped_conversations_sql, {std::to_string(limit)});
  if (!rows) return rows.error();
  if (rows->rows() == 0) return size_t{0};
  std::map<int64_t, sla_policy> policies;
  std::vector<int64_t> ids, first, resolution;
  for (int i = 0; i < rows->rows(); ++i) {
    const int64_t tenant_id = rows->i64(i, 1);
    auto it = policies.find(tenant_id);
    if (it == policies.end()) {
      auto p = policy(tenant_id);
      if (!p) return p.error();
      it = policies.emplace(tenant_id, std::move(*p)).first;
    }
    const int64_t opened_us = rows->i64(i, 2);
    auto offset = db_.exec(offset_at_sql, {it->second.hours.time_zone, std::to_string(opened_us)});
    if (!offset) return offset.error();
    auto due = due_times(it->second, conversation_priority, from_epoch_us(opened_us),
                         static_cast<int>(offset->i64(0, 0)));
    ids.push_back(rows->i64(i, 0));
    first.push_back(to_epoch_us(due.first_response));
    resolution.push_back(to_epoch_us(due.resolution));
  }
  auto r =
      db_.exec(stamp_conversations_sql, {int_array(ids), int_array(first), int_array(resolution)});
  if (!r) return r.error();
  return static_cast<size_t>(r->affected());
}

result<size_t> sla_repo::mark_first_responses() {
  auto c = db_.exec(conversation_responses_sql);
  if (!c) return c.error();
  auto t = db_.exec(ticket_responses_sql);
  if (!t) return t.error();
  return static_cast<size_t>(c->affected() + t->affected());
}

result<std::vector<sla_breach>> sla_repo::record_breaches(sys_time now, int limit) {
  auto r = db_.exec(record_breaches_sql, {std::to_string(to_epoch_us(now)), std::to_string(limit)});
  if (!r) return r.error();
  std::vector<sla_breach> out;
  for (int i = 0; i < r->rows(); ++i) {
    sla_breach b;
    read_columns(*r, i, b.id, b.tenant_id, b.entity_type, b.entity_id, b.kind, b.due_at,
                 b.breached_at);
    const std::string tid = std::to_string(b.tenant_id);
    const std::string eid = std::to_string(b.entity_id);
    if (b.entity_type == "ticket") {
      auto locked = db_.exec(lock_ticket_priority_sql, {tid, eid});
      if (!locked) return locked.error();
      b.priority_before = locked->str(0, 0);
      b.priority_after = std::string{escalated_priority(*b.priority_before)};
      const std::string note =
          b.kind == "first_response" ? "first response overdue" : "resolution overdue";
      if (auto e = db_.exec(breach_event_sql, {tid, eid, b.kind, b.due_at, note}); !e) {
        return e.error();
      }
      if (*b.priority_after != *b.priority_before) {
        if (auto u = db_.exec(escalate_sql, {tid, eid, *b.priority_after}); !u) return u.error();
        auto e = db_.exec(priority_event_sql, {tid, eid, *b.priority_before, *b.priority_after});
        if (!e) return e.error();
      }
    }
    auto a = db_.exec(breach_audit_sql, {tid, b.entity_type, eid, b.priority_before, b.kind,
                                         b.due_at, b.priority_after});
    if (!a) return a.error();
    out.push_back(std::move(b));
  }
  return out;
}

result<std::vector<sla_breach>> check_sla(pg_connection& db, sys_time now) {
  return in_transaction(db, [&]() -> result<std::vector<sla_breach>> {
    sla_repo repo{db};
    if (auto s = repo.stamp_conversations(stamp_batch); !s) return s.error();
    if (auto s = repo.mark_first_responses(); !s) return s.error();
    return repo.record_breaches(now, breach_batch);
  });
}

}  // namespace centralita::storage
