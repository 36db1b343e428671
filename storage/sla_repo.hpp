#pragma once
// Service levels in the database: a tenant's stored policy (tenants.settings -> 'sla'), the
// due times of conversations, first responses, and breaches. The SLA check of the scheduler is
// check_sla() below; `now` is always a parameter so that tests drive the clock.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::storage {

/// A breach recorded now (times RFC 3339 UTC).
struct sla_breach {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string entity_type;  ///< ticket | conversation
  int64_t entity_id = 0;
  std::string kind;  ///< first_response | resolution
  std::string due_at;
  std::string breached_at;
  std::optional<std::string> priority_before;  ///< a ticket's priority, before and after
  std::optional<std::string> priority_after;   ///< its one-step escalation
};

/// Microseconds since the Unix epoch, as SQL parameters carry instants.
int64_t to_epoch_us(sys_time t);
sys_time from_epoch_us(int64_t us);

/// Reads policies and keeps due times; statements run on the caller's connection.
class sla_repo {
 public:
  explicit sla_repo(pg_connection& db) : db_(db) {}

  /// The tenant's policy: the defaults with each valid stored value over them.
  result<sla_policy> policy(int64_t tenant_id);
  /// True when PostgreSQL knows the time zone name.
  result<bool> known_time_zone(const std::string& name);
  /// Due times for a ticket of `tenant_id` with `priority` opened now (the transaction's time).
  result<sla_due> due_now(int64_t tenant_id, std::string_view priority);
  /// When the tenant's business hours next begin, with the zone's UTC offset now (minutes):
  /// nothing while they are open now (the transaction's time).
  result<std::optional<std::pair<sys_time, int>>> next_opening_now(int64_t tenant_id);
  /// Gives up to `limit` open conversations without due times theirs, counted from their
  /// creation. Returns how many.
  result<size_t> stamp_conversations(int limit);
  /// Records first responses of open tickets and conversations: the first agent or bot reply
  /// sent in the conversation since it (the ticket) was opened. Returns how many.
  result<size_t> mark_first_responses();
  /// Records each breach new at `now` (an open item past a due time it has not met), escalates
  /// each breached ticket's priority one step, and writes their ticket events and audit rows.
  /// Call inside a transaction. At most `limit` per call, oldest due first.
  result<std::vector<sla_breach>> record_breaches(sys_time now, int limit);

 private:
  pg_connection& db_;
};

/// The whole check, one transaction: stamps, first responses, then new breaches.
result<std::vector<sla_breach>> check_sla(pg_connection& db, sys_time now);

}  // namespace centralita::storage
