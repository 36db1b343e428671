#include "storage/job_claims.hpp"

namespace centralita::storage {

result<bool> claim_job_period(pg_connection& db, const std::string& job, int64_t period_ms,
                              const std::string& claimer) {
  auto r = db.exec(
      "INSERT INTO job_claims AS c (job, period_no, claimed_by) "
      "VALUES ($1, floor(extract(epoch FROM clock_timestamp()) * 1000 / $2)::bigint, $3) "
      "ON CONFLICT (job) DO UPDATE SET period_no = EXCLUDED.period_no, "
      "  claimed_by = EXCLUDED.claimed_by, claimed_at = now() "
      "WHERE c.period_no < EXCLUDED.period_no RETURNING period_no",
      {job, std::to_string(period_ms), claimer});
  if (!r) return r.error();
  return r->rows() == 1;
}

}  // namespace centralita::storage
