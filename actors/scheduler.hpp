#pragma once
// The scheduler: a detached actor with its own PostgreSQL connection that runs a list of
// periodic jobs (SLA check, payload retention, stuck-event recovery, outbox wake-up; see
// actors/scheduled_jobs.hpp), one after the other. Each run is counted by outcome, timed, and
// a success stamps the job's last-success gauge, in /metrics.

#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::actors {

/// The directory role of the scheduler.
inline constexpr const char* scheduler_role = "scheduler";

/// One run of a job: the scheduler's connection and the wall-clock time of the run.
using job_fn = std::function<status(storage::pg_connection& db, storage::sys_time now)>;

/// A job and how often it runs.
struct scheduled_job {
  std::string name;  ///< the `job` label in metrics
  std::chrono::milliseconds period;
  job_fn run;
  /// The cluster's work, not the node's: run by one node per period (claim_period()).
  bool once_per_cluster = false;
};

/// The same job, run by one node of the cluster per period.
scheduled_job once_per_cluster(scheduled_job job);

/// Claims the current period of `job` (on PostgreSQL's clock) for this node: true when this
/// node is the one to run it, false when another node has it already.
result<bool> claim_period(storage::pg_connection& db, const scheduled_job& job);

/// A job from any callable `f(db, now)` that returns a result<T> (a count, a list...) or a
/// status, so that a new job is one line: make_job("x", 60s, [](auto& db, auto now) {...}).
template <class F>
scheduled_job make_job(std::string name, std::chrono::milliseconds period, F f) {
  return {std::move(name), period,
          [f = std::move(f)](storage::pg_connection& db, storage::sys_time now) -> status {
            auto r = f(db, now);
            if (!r) return r.error();
            return ok_status();
          }};
}

/// Runs `job` once and records its outcome, duration and last success in the metrics.
status run_job(const scheduled_job& job, storage::pg_connection& db, storage::sys_time now);
/// Records a run that could not start (no database connection) as failed.
void record_job_failure(const scheduled_job& job);

/// The jobs, their next run (steady clock) and the connection they share.
struct scheduler_state {
  std::unique_ptr<db_session> db;
  std::vector<scheduled_job> jobs;
  std::vector<std::chrono::steady_clock::time_point> next_run;
  std::chrono::milliseconds tick{1000};
};

/// Spawn with `caf::detached`; each job first runs one period after the start.
caf::behavior scheduler(caf::stateful_actor<scheduler_state>* self,
                        std::shared_ptr<node_context> ctx, std::vector<scheduled_job> jobs);

}  // namespace centralita::actors
