#pragma once
// Scheduled jobs run once per period across the cluster (docs/architecture.md, "Cluster"): a
// node claims the job's current period in job_claims before running it.
#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Claims the period of `job` that the database clock is in (periods of `period_ms` since the
/// epoch) for `claimer`; true when this call took it, false when some node already had.
result<bool> claim_job_period(pg_connection& db, const std::string& job, int64_t period_ms,
                              const std::string& claimer);

}  // namespace centralita::storage
