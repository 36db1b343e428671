#include "actors/scheduler.hpp"

#include <unistd.h>

#include <algorithm>

#include "actors/messages.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "storage/job_claims.hpp"

namespace centralita::actors {

namespace {

std::string job_label(const scheduled_job& job) { return "job=\"" + job.name + "\""; }

void count_run(const scheduled_job& job, const char* outcome) {
  metrics::registry::global()
      .get_counter("centralita_job_runs_total", "Scheduled job runs by job and outcome",
                   job_label(job) + ",outcome=\"" + outcome + "\"")
      .inc();
}

}  // namespace

status run_job(const scheduled_job& job, storage::pg_connection& db, storage::sys_time now) {
  auto& reg = metrics::registry::global();
  const auto started = std::chrono::steady_clock::now();
  status s = job.run(db, now);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  reg.get_histogram("centralita_job_seconds", "Duration of a scheduled job run", job_label(job))
      .observe(took.count());
  if (!s) {
    count_run(job, "error");
    log::warn("scheduler: job {} failed: {}", job.name, s.error().message);
    return s;
  }
  count_run(job, "ok");
  reg.get_gauge("centralita_job_last_success_seconds",
                "Unix time of the last successful run of a scheduled job", job_label(job))
      .set(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  return s;
}

void record_job_failure(const scheduled_job& job) { count_run(job, "error"); }

scheduled_job once_per_cluster(scheduled_job job) {
  job.once_per_cluster = true;
  return job;
}

result<bool> claim_period(storage::pg_connection& db, const scheduled_job& job) {
  static const std::string me = [] {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return std::string{host} + ":" + std::to_string(::getpid());
  }();
  return storage::claim_job_period(db, job.name, std::max<int64_t>(1, job.period.count()), me);
}

caf::behavior scheduler(caf::stateful_actor<scheduler_state>* self,
                        std::shared_ptr<node_context> ctx, std::vector<scheduled_job> jobs) {
  auto& st = self->state;
  st.db = std::make_unique<db_session>(ctx->settings.database_url);
  const auto start = std::chrono::steady_clock::now();
  for (const auto& j : jobs) {
    st.next_run.push_back(start + j.period);
    st.tick = std::min(st.tick, std::max(j.period, std::chrono::milliseconds(10)));
  }
  st.jobs = std::move(jobs);
  self->delayed_send(self, st.tick, tick_atom::value, 0);
  return {
      [self](tick_atom, int) {
        auto& st = self->state;
        self->delayed_send(self, st.tick, tick_atom::value, 0);
        for (size_t i = 0; i < st.jobs.size(); ++i) {
          if (std::chrono::steady_clock::now() < st.next_run[i]) continue;
          const auto& job = st.jobs[i];
          auto conn = st.db->get();
          if (!conn) {
            record_job_failure(job);
          } else if (auto mine =
                         job.once_per_cluster ? claim_period(**conn, job) : result<bool>{true};
                     !mine) {
            record_job_failure(job);
            st.db->on_error(mine.error());
          } else if (!*mine) {
            count_run(job, "elsewhere");  // another node has this period
          } else if (auto s = run_job(job, **conn, std::chrono::system_clock::now()); !s) {
            st.db->on_error(s.error());
          }
          // Counted from the end of the run, so a slow job never runs back to back.
          st.next_run[i] = std::chrono::steady_clock::now() + job.period;
        }
      },
  };
}

}  // namespace centralita::actors
