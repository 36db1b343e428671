#pragma once
// The dashboard's live events as stored (docs/architecture.md, "Live events"): each tenant's
// events take gap-free numbers from its counter row and are stored one row per batch
// (live_event_batches, migration 049), kept for resumes within the replay window.
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// An event to store: its tenant, type and data (a JSON object the server itself wrote).
struct live_event_row {
  int64_t tenant_id = 0;
  std::string type;
  std::string data_json;
};

/// The numbers a batch took from one tenant: its highest seq now and how many of them.
struct live_numbers {
  int64_t tenant_id = 0, last_seq = 0, taken = 0;
};

/// A stored event, read back with its number.
struct stored_live_event {
  int64_t seq = 0;
  live_event_row event;
};

class live_event_repo {
 public:
  explicit live_event_repo(pg_connection& db) : db_(db) {}

  /// Numbers and stores `events` with one statement: each tenant's events, in the given order,
  /// become one row under the numbers taken from its counter (locked until the commit), and
  /// the other nodes are NOTIFYed on `live_channel` when it commits. One entry per tenant.
  result<std::vector<live_numbers>> store(const std::vector<live_event_row>& events);
  /// Deletes the tenant's batches whose events all come before `keep_from`.
  status prune(int64_t tenant_id, int64_t keep_from);
  /// The tenant's events after `after_seq` in seq order, at most `limit`.
  result<std::vector<stored_live_event>> after(int64_t tenant_id, int64_t after_seq, int limit);

 private:
  pg_connection& db_;
};

/// The channel a node NOTIFYs after storing live events (payload "tenant highest_seq").
inline constexpr const char* live_channel = "centralita_live";
/// The channel of presence frames between nodes (who is viewing, who is typing): live-only,
/// never stored; the payload is "<node id> <tenant id> <frame>".
inline constexpr const char* presence_channel = "centralita_presence";

/// Sends a presence frame to the other nodes at once (outside any transaction).
status notify_presence(pg_connection& db, const std::string& payload);

/// What the live listener's own LISTEN session (a bare libpq connection) asks: every tenant's
/// highest stored seq; and the events after each tenant's handed-out seq ($1 tenants, $2 seqs,
/// $3 at most), by tenant and seq, as (tenant, seq, type, data).
extern const char* const live_counters_sql;
extern const char* const live_read_back_sql;

}  // namespace centralita::storage
