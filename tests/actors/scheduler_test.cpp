// The scheduler: jobs run on its own connection, each run counted, timed and stamped in the
// metrics; the node's job list; the SLA job's live events.
#include "actors/scheduler.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "actors/event_bus.hpp"
#include "actors/scheduled_jobs.hpp"
#include "common/metrics.hpp"
#include "storage/tenant_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using namespace centralita::actors;
using centralita::testkit::db_contents;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

namespace {

uint64_t runs(const std::string& job, const char* outcome) {
  return metrics::registry::global()
      .get_counter("centralita_job_runs_total", "Scheduled job runs by job and outcome",
                   "job=\"" + job + "\",outcome=\"" + outcome + "\"")
      .value();
}

int64_t last_success(const std::string& job) {
  return metrics::registry::global()
      .get_gauge("centralita_job_last_success_seconds",
                 "Unix time of the last successful run of a scheduled job", "job=\"" + job + "\"")
      .value();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("run_job records each run's outcome, duration and last success", "[actors][pg]") {
  test_database tdb{db_contents::migrated};
  auto db = tdb.connect();
  const auto now = std::chrono::system_clock::time_point{} + std::chrono::seconds(1900000000);
  storage::sys_time seen{};
  auto ok = make_job("test_ok", std::chrono::seconds(1), [&](storage::pg_connection& c, auto t) {
    seen = t;
    return c.exec("SELECT 1");
  });
  auto failing = make_job("test_failing", std::chrono::seconds(1),
                          [](auto&, auto) -> status { return make_error(errc::internal, "boom"); });

  REQUIRE(run_job(ok, db, now).ok());
  CHECK(seen == now);
  CHECK(runs("test_ok", "ok") == 1);
  CHECK(runs("test_ok", "error") == 0);
  CHECK(last_success("test_ok") == 1900000000);

  auto s = run_job(failing, db, now);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "boom");
  CHECK(runs("test_failing", "error") == 1);
  CHECK(last_success("test_failing") == 0);

  const auto text = metrics::registry::global().render();
  CHECK(contains(text, "centralita_job_runs_total{job=\"test_ok\",outcome=\"ok\"} 1"));
  CHECK(contains(text, "centralita_job_seconds_count{job=\"test_ok\"} 1"));
  CHECK(contains(text, "centralita_job_seconds_count{job=\"test_failing\"} 1"));
  CHECK(contains(text, "centralita_job_last_success_seconds{job=\"test_ok\"} 1900000000"));
}

TEST_CASE("the scheduler actor runs every job again and again on its own connection",
          "[actors][pg]") {
  test_database tdb{db_contents::migrated};
  config::settings settings;
  settings.database_url = tdb.url();
  auto ctx = std::make_shared<node_context>(settings);
  auto fast = std::make_shared<std::atomic<int>>(0);
  auto slow = std::make_shared<std::atomic<int>>(0);
  std::vector<scheduled_job> jobs;
  jobs.push_back(make_job("test_fast", std::chrono::milliseconds(20), [fast](auto& db, auto) {
    auto r = db.exec("SELECT 1");
    if (r) ++*fast;
    return r;
  }));
  jobs.push_back(make_job("test_slow", std::chrono::hours(1), [slow](auto&, auto) {
    ++*slow;
    return ok_status();
  }));
  {
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    auto s = sys.spawn<caf::detached>(scheduler, ctx, std::move(jobs));
    for (int i = 0; i < 500 && *fast < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
  }
  CHECK(*fast >= 3);
  CHECK(*slow == 0);  // its first run is one period after the start
  CHECK(runs("test_fast", "ok") >= 3);
}

TEST_CASE("a job of the cluster runs once per period with three nodes up", "[actors][pg]") {
  test_database tdb{db_contents::migrated};
  config::settings settings;
  settings.database_url = tdb.url();
  auto ctx = std::make_shared<node_context>(settings);
  // Each run notes the period it claimed; three schedulers (three nodes) share the database.
  auto mutex = std::make_shared<std::mutex>();
  auto periods = std::make_shared<std::vector<std::string>>();
  auto job = once_per_cluster(
      make_job("test_cluster", std::chrono::milliseconds(400), [mutex, periods](auto& db, auto) {
        auto r = db.exec("SELECT period_no FROM job_claims WHERE job = 'test_cluster'");
        if (!r) return status{r.error()};
        std::lock_guard<std::mutex> lock{*mutex};
        periods->push_back(r->str(0, 0));
        return ok_status();
      }));
  {
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    std::vector<caf::actor> nodes;
    for (int i = 0; i < 3; ++i) {
      nodes.push_back(sys.spawn<caf::detached>(scheduler, ctx, std::vector<scheduled_job>{job}));
    }
    for (int i = 0; i < 1500; ++i) {
      {
        std::lock_guard<std::mutex> lock{*mutex};
        if (periods->size() >= 5) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto& n : nodes) caf::anon_send_exit(n, caf::exit_reason::user_shutdown);
  }
  std::lock_guard<std::mutex> lock{*mutex};
  CHECK(periods->size() >= 5);
  std::set<std::string> distinct(periods->begin(), periods->end());
  CHECK(distinct.size() == periods->size());  // no period ran twice
  CHECK(runs("test_cluster", "elsewhere") > 0);
}

TEST_CASE("the node's jobs are registered by name", "[actors]") {
  auto ctx = std::make_shared<node_context>(config::settings{});
  std::vector<std::string> names;
  for (const auto& j : node_jobs(ctx)) names.push_back(j.name);
  CHECK(names == std::vector<std::string>{"sla_check", "payload_retention", "stuck_events",
                                          "node_heartbeat", "orphaned_events", "outbox_wake",
                                          "shipment_refresh", "passivation", "template_sync"});
}

TEST_CASE_METHOD(db_fixture, "jobs that wake another actor fail while it is not running",
                 "[actors][pg]") {
  config::settings s;
  s.tracking_refresh_s = 900;
  s.conversation_idle_s = 1;
  auto ctx = std::make_shared<node_context>(s);
  for (const auto& j : node_jobs(ctx)) {
    if (j.name == "shipment_refresh") CHECK(j.period == std::chrono::seconds(60));
    if (j.name == "passivation") CHECK(j.period == std::chrono::milliseconds(500));
    if (j.name != "shipment_refresh" && j.name != "passivation") continue;
    auto outcome = j.run(db, std::chrono::system_clock::now());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == errc::unavailable);
  }
}

TEST_CASE_METHOD(db_fixture, "the SLA job announces each new breach live", "[actors][pg]") {
  storage::new_ticket t;
  t.subject = "Sin respuesta";
  auto created = storage::ticket_repo{db}.create(demo, storage::actor{"system", {}}, t);
  REQUIRE(created.ok());
  const std::string id = std::to_string(created->id);
  REQUIRE(db.exec("UPDATE tickets SET first_response_due_at = now() - interval '1 minute', "
                  "resolution_due_at = now() + interval '1 hour' WHERE id = $1",
                  {id})
              .ok());

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto found =
      run_sla_check(db, std::chrono::system_clock::now(), caf::actor_cast<caf::actor>(self));
  REQUIRE(found.ok());
  REQUIRE(*found >= 1);
  bool breached = false;
  bool updated = false;
  bool more = true;
  // Every event was sent before run_sla_check returned; the wait only ends the loop.
  while (more && !(breached && updated)) {
    self->receive(
        [&](live_event& e) {
          CHECK(e.tenant_id > 0);
          if (e.type == "sla.breached" && contains(e.data_json, "\"entity_id\":" + id + ",")) {
            breached = true;
            CHECK(contains(e.data_json, "\"entity_type\":\"ticket\""));
            CHECK(contains(e.data_json, "\"kind\":\"first_response\""));
            CHECK(contains(e.data_json, "\"priority\":\"high\""));
          }
          if (e.type == "ticket.updated" && e.data_json == "{\"id\":" + id + "}") updated = true;
        },
        caf::after(std::chrono::seconds(2)) >> [&] { more = false; });
  }
  CHECK(breached);
  CHECK(updated);
}
