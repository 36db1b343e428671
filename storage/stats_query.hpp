#pragma once
// The figures of the dashboard's home page for one tenant, over the last hours.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Messages in one hour (its start, RFC 3339 UTC).
struct hourly_count {
  std::string hour;
  int64_t inbound = 0;
  int64_t outbound = 0;
};

/// A count under a name (a category, an action, a sender).
struct named_count {
  std::string name;
  int64_t count = 0;
};

/// Everything the home page charts.
struct dashboard_stats {
  int hours = 24;
  std::vector<hourly_count> messages_per_hour;  ///< every hour of the window, oldest first
  std::vector<named_count> categories;          ///< AI decisions by triage category
  std::vector<named_count> actions;             ///< AI decisions by action
  std::vector<named_count> replies;             ///< outgoing messages by sender (bot, agent)
  std::optional<double> first_response_p50_s;
  std::optional<double> first_response_p90_s;
  int64_t first_response_samples = 0;
  int64_t open_conversations = 0;
  int64_t unassigned_conversations = 0;
  int64_t pending_suggestions = 0;
  int64_t open_tickets = 0;
  int64_t sla_breaches = 0;  ///< SLA breaches (tickets and conversations) found in the window
};

/// Computes the home page's figures.
class stats_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit stats_query(pg_connection& db) : db_(db) {}

  /// The figures of the last `hours` (1..720).
  result<dashboard_stats> compute(int64_t tenant_id, int hours);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
