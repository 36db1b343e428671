// The database half of `centralita-bench ingest`: did every acknowledged event become exactly one
// message row, how long after the acknowledgment, and in order per phone?
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <unordered_map>

#include "bench/ingest_bench.hpp"
#include "bench/stats.hpp"
#include "storage/pg.hpp"

namespace centralita::bench {

namespace {

constexpr const char* create_acked_sql =
    "CREATE TEMP TABLE bench_acked (event_id uuid PRIMARY KEY, ack_epoch float8 NOT NULL, "
    "customer int NOT NULL, seq bigint NOT NULL)";

constexpr const char* insert_acked_sql = R"(
INSERT INTO bench_acked (event_id, ack_epoch, customer, seq)
SELECT * FROM unnest($1::uuid[], $2::float8[], $3::int[], $4::bigint[])
ON CONFLICT DO NOTHING)";

constexpr const char* count_stored_sql = R"(
SELECT count(*) FROM bench_acked a
WHERE EXISTS (SELECT 1 FROM messages m WHERE m.event_id = a.event_id))";

constexpr const char* delays_sql = R"(
SELECT greatest(extract(epoch FROM m.created_at) - a.ack_epoch, 0) * 1000
FROM bench_acked a JOIN messages m ON m.event_id = a.event_id)";

constexpr const char* lost_sql = R"(
SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.event_id = a.event_id)),
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM event_log e WHERE e.event_id = a.event_id))
FROM bench_acked a)";

constexpr const char* doubled_events_sql = R"(
SELECT coalesce(sum(n - 1), 0) FROM (
  SELECT count(*) AS n FROM messages m JOIN bench_acked a ON a.event_id = m.event_id
  GROUP BY m.event_id HAVING count(*) > 1) d)";

// The run's messages in the order they were stored, with their place in each customer's sequence.
constexpr const char* run_rows_sql = R"(
SELECT a.customer, a.seq FROM bench_acked a JOIN messages m ON m.event_id = a.event_id
ORDER BY m.id)";

constexpr size_t insert_batch = 5000;

bool report_failure(const char* what, const error& e) {
  std::fprintf(stderr, "ingest: %s: %s\n", what, e.message.c_str());
  return false;
}

bool load_acked(storage::pg_connection& db, const std::vector<acked_event>& acked) {
  if (auto r = db.exec(create_acked_sql); !r) return report_failure("temp table", r.error());
  for (size_t from = 0; from < acked.size(); from += insert_batch) {
    std::vector<std::string> ids;
    std::string epochs = "{";
    std::string customers = "{";
    std::string seqs = "{";
    for (size_t i = from; i < std::min(acked.size(), from + insert_batch); ++i) {
      const char* comma = i == from ? "" : ",";
      ids.push_back(acked[i].event_id);
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%s%.6f", comma, acked[i].ack_epoch_s);
      epochs += buf;
      customers += comma + std::to_string(acked[i].customer);
      seqs += comma + std::to_string(acked[i].seq);
    }
    epochs += "}";
    customers += "}";
    seqs += "}";
    if (auto r = db.exec(insert_acked_sql, {storage::text_array(ids), epochs, customers, seqs});
        !r) {
      return report_failure("recording acknowledged events", r.error());
    }
  }
  return true;
}

// Polls until every acknowledged event has its message row or `wait_s` passes.
void wait_for_rows(storage::pg_connection& db, size_t expected, double wait_s) {
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(wait_s);
  auto next_note = start;
  for (;;) {
    auto r = db.exec(count_stored_sql);
    int64_t stored = r ? r->i64(0, 0) : -1;
    auto now = std::chrono::steady_clock::now();
    if (stored >= static_cast<int64_t>(expected) || now >= deadline) {
      std::fprintf(stderr, "ingest: %lld of %zu acknowledged events stored after %.1f s\n",
                   static_cast<long long>(stored), expected,
                   std::chrono::duration<double>(now - start).count());
      return;
    }
    if (now >= next_note) {
      std::fprintf(stderr, "ingest: waiting for message rows: %lld of %zu\n",
                   static_cast<long long>(stored), expected);
      next_note = now + std::chrono::seconds(2);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Messages of the run the AI pipeline has not decided yet.
constexpr const char* undecided_sql = R"sql(
SELECT count(*) FROM bench_acked a
JOIN messages m ON m.event_id = a.event_id
WHERE m.direction = 'in' AND NOT EXISTS (
  SELECT 1 FROM ai_decisions d WHERE d.tenant_id = m.tenant_id AND d.message_id = m.id)
)sql";

// How long the AI pipeline took per message of the run: its decision after its row, and after
// the webhook's acknowledgment.
constexpr const char* decided_sql = R"sql(
SELECT coalesce(percentile_cont(0.99) WITHIN GROUP (
         ORDER BY greatest(0, extract(epoch FROM d.created_at - m.created_at) * 1000)), 0),
       coalesce(percentile_cont(0.99) WITHIN GROUP (
         ORDER BY greatest(0, extract(epoch FROM d.created_at) - a.ack_epoch) * 1000), 0)
FROM bench_acked a
JOIN messages m ON m.event_id = a.event_id
JOIN ai_decisions d ON d.tenant_id = m.tenant_id AND d.message_id = m.id
WHERE m.direction = 'in'
)sql";

// Waits (a bounded time) for the pipeline to decide every message of the run.
void wait_for_decisions(storage::pg_connection& db, double wait_s, ingest_check& out) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  for (;;) {
    auto r = db.exec(undecided_sql);
    if (!r) {
      report_failure("checking decisions", r.error());
      return;
    }
    out.undecided = r->i64(0, 0);
    if (out.undecided == 0 || std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void measure_decisions(storage::pg_connection& db, ingest_check& out) {
  auto r = db.exec(decided_sql);
  if (!r) {
    report_failure("measuring decisions", r.error());
    return;
  }
  out.decided_p99_ms = std::stod(r->str(0, 0));
  out.ack_to_decision_p99_ms = std::stod(r->str(0, 1));
}

// Counts rows whose sequence number is not above the previous row's for the same customer.
int64_t count_out_of_order(const storage::pg_result& rows) {
  std::unordered_map<long, long long> last;
  int64_t out = 0;
  for (int i = 0; i < rows.rows(); ++i) {
    const long customer = static_cast<long>(rows.i64(i, 0));
    const long long seq = rows.i64(i, 1);
    auto [it, first] = last.try_emplace(customer, seq);
    if (!first) {
      if (seq <= it->second) ++out;
      it->second = seq;
    }
  }
  return out;
}

}  // namespace

std::optional<ingest_check> check_ingest(const std::string& database_url,
                                         const std::vector<acked_event>& acked, double wait_s,
                                         const std::function<void()>& settled) {
  auto db = storage::pg_connection::open(database_url);
  if (!db) {
    report_failure("database", db.error());
    return std::nullopt;
  }
  if (!load_acked(*db, acked)) return std::nullopt;
  wait_for_rows(*db, acked.size(), wait_s);
  ingest_check out;
  wait_for_decisions(*db, wait_s, out);
  settled();

  auto delays = db->exec(delays_sql);
  auto lost = db->exec(lost_sql);
  auto doubled_events = db->exec(doubled_events_sql);
  auto rows = db->exec(run_rows_sql);
  for (const auto* r : {&delays, &lost, &doubled_events, &rows}) {
    if (!*r) {
      report_failure("checking messages", r->error());
      return std::nullopt;
    }
  }

  std::vector<double> delay_ms;
  delay_ms.reserve(static_cast<size_t>(delays->rows()));
  for (int i = 0; i < delays->rows(); ++i) delay_ms.push_back(std::stod(delays->str(i, 0)));
  out.processed_p99_ms = summarize(std::move(delay_ms)).p99;
  out.lost = lost->i64(0, 0);
  if (int64_t unlogged = lost->i64(0, 1); unlogged > 0) {
    std::fprintf(stderr, "ingest: %lld acknowledged events are not even in event_log\n",
                 static_cast<long long>(unlogged));
  }
  out.doubled = doubled_events->i64(0, 0);
  out.out_of_order = count_out_of_order(*rows);
  measure_decisions(*db, out);
  std::fprintf(stderr, "ingest: %d message rows of this run; lost %lld, double %lld\n",
               rows->rows(), static_cast<long long>(out.lost), static_cast<long long>(out.doubled));
  return out;
}

}  // namespace centralita::bench
