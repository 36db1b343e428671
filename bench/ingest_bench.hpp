#pragma once
// `centralita-bench ingest`: drives the Builderbot webhook with unique and repeated events, then
// checks in PostgreSQL that every acknowledged event became exactly one message, in order.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace centralita::bench {

/// The flags of `centralita-bench ingest` (docs/contract.md §Bench).
struct ingest_options {
  std::string url = "http://127.0.0.1:8081";
  std::string account_key = "builderbot_whatsapp_main";
  int connections = 64;
  double duration_s = 10;
  double duplicate_ratio = 0.1;
  /// Where to check the outcome; empty skips the checks (their report fields are null).
  std::string database_url;
  /// Messages are spread over this many customer phones (at least one per connection).
  int customers = 1000;
  /// "realistic" (README › Benchmarks › The message mix) or "template" (one text of old).
  std::string mix = "realistic";
  /// Share of new events that carry a photo (an attachment URL served by the bench itself on
  /// loopback), which the server downloads after the acknowledgment.
  double media_share = 0;
  /// Webhooks per second over all connections; 0 sends as fast as answers come back.
  double rate = 0;
  /// The Centralita processes whose CPU counts as the server's (empty: every `centralita`).
  std::vector<int> server_pids;
};

/// Runs the bench and prints one JSON object on stdout (progress goes to stderr). Returns 0 when
/// nothing was lost, doubled or reordered, 1 when something was, 2 when it could not run.
int run_ingest(const ingest_options& options);

/// An event the server acknowledged as accepted, and when (wall clock, Unix seconds).
struct acked_event {
  std::string event_id;
  double ack_epoch_s = 0;
  int customer = 0;  ///< whose message it was
  int64_t seq = 0;   ///< its place among that customer's messages, from 1
};

/// What the database shows after the load.
struct ingest_check {
  double processed_p99_ms = 0;        ///< p99 of (message row created_at - ack), negatives as 0
  int64_t lost = 0;                   ///< acknowledged events with no message row
  int64_t doubled = 0;                ///< extra message rows for one event or one body
  int64_t out_of_order = 0;           ///< rows whose per-phone sequence number did not increase
  double decided_p99_ms = 0;          ///< p99 of (AI decision created_at - message row created_at)
  double ack_to_decision_p99_ms = 0;  ///< p99 of (AI decision created_at - ack): the whole path
  int64_t undecided = 0;  ///< messages of the run the AI pipeline had not decided at the end
};

/// Waits up to `wait_s` for every acknowledged event's message row and its AI decision, calls
/// `settled` (the run's cost is read there, before the checks' own queries), then measures the
/// run's messages (those of `acked`). Nothing when the database can't be read.
std::optional<ingest_check> check_ingest(const std::string& database_url,
                                         const std::vector<acked_event>& acked, double wait_s,
                                         const std::function<void()>& settled);

}  // namespace centralita::bench
