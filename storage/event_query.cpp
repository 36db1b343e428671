#include "storage/event_query.hpp"

#include <algorithm>
#include <cctype>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* columns =
    "event_id::text, seq, channel_account_id, provider, event_name, status, attempts, "
    "last_error, rfc3339(received_at), rfc3339(processed_at), duplicate_of::text ";

const std::string list_sql = std::string{"SELECT "} + columns +
                             "FROM event_log WHERE tenant_id = $1 "
                             " AND ($2::text IS NULL OR status = $2) "
                             " AND ($3::text IS NULL OR provider = $3) "
                             " AND ($4::bigint IS NULL OR seq < $4) "
                             " AND ($6::bigint IS NULL OR event_id IN ("
                             "   SELECT event_id FROM messages WHERE tenant_id = $1 "
                             "     AND conversation_id = $6 AND event_id IS NOT NULL "
                             "   UNION ALL SELECT d.event_id FROM event_log d "
                             "   JOIN messages m ON m.tenant_id = d.tenant_id "
                             "     AND m.event_id = d.duplicate_of "
                             "   WHERE d.tenant_id = $1 AND d.duplicate_of IS NOT NULL "
                             "     AND m.conversation_id = $6)) "
                             "ORDER BY seq DESC LIMIT $5";
// The suppressed duplicates of a conversation's messages (migration 020).
constexpr const char* suppressed_count_sql =
    "SELECT count(*) FROM event_log d "
    "JOIN messages m ON m.tenant_id = d.tenant_id AND m.event_id = d.duplicate_of "
    "WHERE d.tenant_id = $1 AND d.duplicate_of IS NOT NULL AND m.conversation_id = $2";
const std::string find_sql = std::string{"SELECT "} + columns +
                             ", payload FROM event_log WHERE tenant_id = $1 AND event_id = $2";

constexpr const char* replay_sql = R"sql(
WITH replayed AS (
  UPDATE event_log SET status = 'accepted', processed_at = NULL
  WHERE tenant_id = $1 AND event_id = $2 AND status = 'failed'
  RETURNING event_id, seq, tenant_id, channel_account_id, provider, event_name, payload
), queued AS (
  -- No route: the node that replays it dispatches it itself (storage/route_order_repo.hpp).
  INSERT INTO event_queue (seq, event_id) SELECT seq, event_id FROM replayed
  ON CONFLICT (seq) DO NOTHING
)
SELECT event_id::text, seq, tenant_id, coalesce(channel_account_id, 0), provider, event_name,
       payload
FROM replayed
)sql";

constexpr const char* audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) VALUES ($1, 'user', $2, 'event', $3, 'event.replayed', "
    " jsonb_build_object('status', 'failed'), jsonb_build_object('status', 'accepted'))";

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

logged_event read_event(const pg_result& r, int i) {
  logged_event e;
  read_columns(r, i, e.event_id, e.seq, e.channel_account_id, e.provider, e.event_name, e.status,
               e.attempts, e.last_error, e.received_at, e.processed_at, e.duplicate_of);
  return e;
}

error no_such_event() { return make_error(errc::not_found, "no such event", "event_not_found"); }

}  // namespace

result<event_page> event_query::list(int64_t tenant_id, const event_filter& f) {
  const int limit = std::clamp(f.limit, 1, 200);
  param before;
  if (f.before_seq) before = std::to_string(*f.before_seq);
  param conversation;
  if (f.conversation_id) conversation = std::to_string(*f.conversation_id);
  auto r = db_.exec(list_sql.c_str(), {std::to_string(tenant_id), f.status, f.provider, before,
                                       std::to_string(limit + 1), conversation});
  if (!r) return r.error();
  event_page page;
  const int rows = std::min(r->rows(), limit);
  for (int i = 0; i < rows; ++i) page.items.push_back(read_event(*r, i));
  if (r->rows() > limit) page.next_before_seq = page.items.back().seq;
  return page;
}

result<int64_t> event_query::suppressed_count(int64_t tenant_id, int64_t conversation_id) {
  auto r =
      db_.exec(suppressed_count_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  return r->i64(0, 0);
}

result<logged_event> event_query::find(int64_t tenant_id, const std::string& event_id) {
  if (!is_uuid(event_id)) return no_such_event();
  auto r = db_.exec(find_sql.c_str(), {std::to_string(tenant_id), event_id});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_event();
  auto e = read_event(*r, 0);
  e.payload = r->str(0, 10);
  return e;
}

result<pending_event> event_query::replay(int64_t tenant_id, const std::string& event_id,
                                          int64_t user_id) {
  auto current = find(tenant_id, event_id);
  if (!current) return current.error();
  return in_transaction(db_, [&]() -> result<pending_event> {
    auto r = db_.exec(replay_sql, {std::to_string(tenant_id), event_id});
    if (!r) return r.error();
    if (r->rows() == 0) {
      return make_error(errc::conflict,
                        "only a failed event can be replayed; this one is " + current->status,
                        "event_not_failed");
    }
    auto a = db_.exec(audit_sql, {std::to_string(tenant_id), std::to_string(user_id), event_id});
    if (!a) return a.error();
    return pending_event{r->str(0, 0), r->i64(0, 1), r->i64(0, 2), r->i64(0, 3),
                         r->str(0, 4), r->str(0, 5), r->str(0, 6)};
  });
}

}  // namespace centralita::storage
