#pragma once
// Retention of raw webhook payloads: once an event is processed (or ignored) its raw body is
// only history, so after the retention period the row stays (ids, status, times, idempotency)
// and its payload becomes a small stub. Failed and unprocessed events keep their payloads: they
// may still be replayed.

#include <cstddef>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::storage {

/// What a stripped payload reads as (valid JSON, so readers of the log need no special case).
inline constexpr const char* stripped_payload = R"({"removed":"retention"})";

/// Replaces the payloads of events processed or ignored more than `days` days before `now` by
/// the stub, in batches. `days` 0 keeps everything. Returns how many payloads were stripped.
result<size_t> strip_old_payloads(pg_connection& db, sys_time now, int days);

}  // namespace centralita::storage
