#pragma once
// The durable event log: recording accepted webhooks (group commit, idempotent) and finding the
// ones not yet processed.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One webhook to record.
struct ingest_row {
  std::string event_id;  ///< a fresh UUID; kept only when the event is new
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string provider;
  std::string event_name;
  std::string idempotency_key;
  bool key_expires = false;  ///< true for body hashes: deduplicated within the window only
  std::string payload;
  bool ignored = false;   ///< recorded as 'ignored': acknowledged, never processed
  std::string route_key;  ///< what orders its processing (actors/routing.hpp): its route
};

/// What became of one row: new (accepted) or a redelivery of `event_id`.
struct ingest_decision {
  bool is_new = false;
  std::string event_id;
  int64_t seq = 0;  ///< order of acceptance, for new rows
};

/// A body-hash duplicate to log as suppressed: the row that was refused and the event it repeats.
struct suppressed_row {
  ingest_row row;
  std::string duplicate_of;
};

/// An accepted event waiting to be processed.
struct pending_event {
  std::string event_id;
  int64_t seq = 0;
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string provider;
  std::string event_name;
  std::string payload;
};

/// Named queries over event_log and idempotency_keys.
class event_log_repo {
 public:
  explicit event_log_repo(pg_connection& db) : db_(db) {}

  /// Records a batch in one statement (one commit); a decision per row, in order. Rows that
  /// repeat an idempotency key of the same batch are duplicates of the first.
  /// `node` names the accepting node in event_queue (taken over when it stops being alive).
  result<std::vector<ingest_decision>> record_batch(const std::vector<ingest_row>& rows,
                                                    int window_s, const std::string& node);

  /// Logs body-hash duplicates as status 'duplicate' with the event each repeats and why (the
  /// reason names the window), in one statement; nothing is queued for processing.
  status record_suppressed(const std::vector<suppressed_row>& rows, int window_s);

  /// Accepted-but-unprocessed events after `after_seq`, oldest first, received at least
  /// `min_age_s` seconds ago.
  result<std::vector<pending_event>> unprocessed(int64_t after_seq, int limit, int min_age_s);
  /// Accepted-but-unprocessed events after `after_seq` that a node other than `self_node`
  /// queued and that node is no longer alive (cluster_nodes), oldest first.
  result<std::vector<pending_event>> orphaned(int64_t after_seq, int limit,
                                              const std::string& self_node);

  /// Marks an event that cannot be processed, with the reason.
  status mark_failed(const std::string& event_id, const std::string& reason);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
