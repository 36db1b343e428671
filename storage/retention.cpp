#include "storage/retention.hpp"

#include "storage/sla_repo.hpp"

namespace centralita::storage {

namespace {

// A batch at a time keeps each transaction and its row locks short. There is no index on
// processed_at (it would cost every event's processing); the scan stops at the batch's size
// and the job runs rarely.
constexpr const char* strip_sql =
    "UPDATE event_log SET payload = $3 "
    "WHERE event_id IN (SELECT event_id FROM event_log "
    "  WHERE status IN ('processed', 'ignored', 'duplicate') AND payload <> $3 "
    "    AND coalesce(processed_at, received_at) < to_timestamp($1::bigint / 1000000.0) "
    "  LIMIT $2)";

constexpr int batch = 5000;

}  // namespace

result<size_t> strip_old_payloads(pg_connection& db, sys_time now, int days) {
  if (days <= 0) return size_t{0};
  const auto cutoff = now - std::chrono::hours(24) * days;
  size_t total = 0;
  for (;;) {
    auto r = db.exec(strip_sql, {std::to_string(to_epoch_us(cutoff)), std::to_string(batch),
                                 std::string{stripped_payload}});
    if (!r) return r.error();
    total += static_cast<size_t>(r->affected());
    if (r->affected() < batch) return total;
  }
}

}  // namespace centralita::storage
