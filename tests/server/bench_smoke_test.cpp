// The benchmark commands on a small scale, so they keep working: `seed-api` fills a tenant
// (once), `api` gets a 200 from every list route it measures, `ws` delivers every webhook to
// every socket once and in order, and `soak` samples the server and loses nothing. No timing is
// asserted.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

// Runs centralita-bench with `args`; its exit status, and its JSON report in `report`.
int run_bench(const std::vector<std::string>& args, rapidjson::Document& report,
              const environment_vars& env = {}) {
  child_process bench{CENTRALITA_BENCH_BINARY, args, env};
  const auto status = bench.wait_for(std::chrono::seconds(120));
  if (!status) bench.stop();
  const std::string log = bench.log();
  const auto at = log.rfind("{\"mode\":");
  report.Parse(at == std::string::npos ? "" : log.substr(at, log.find('\n', at) - at).c_str());
  INFO(log);
  REQUIRE(status);
  REQUIRE(!report.HasParseError());
  return *status;
}

int64_t count_of(centralita::storage::pg_connection& db, const std::string& sql) {
  return std::stoll(query_value(db, sql));
}

}  // namespace

TEST_CASE("seed-api fills the tenant once and api answers every route", "[server][bench][pg]") {
  server_fixture f;
  auto sql = f.db.connect();
  const std::vector<std::string> seed{"seed-api", "--database-url", f.db.url(), "--conversations",
                                      "300",      "--messages",     "2000"};
  const std::string demo = "(SELECT id FROM tenants WHERE slug = 'demo')";
  const int64_t before = count_of(sql, "SELECT count(*) FROM messages WHERE tenant_id = " + demo);
  rapidjson::Document report;
  REQUIRE(run_bench(seed, report) == 0);
  CHECK(report["seeded"].GetBool());
  CHECK(count_of(sql, "SELECT count(*) FROM customers WHERE phone LIKE '52177%'") == 300);
  CHECK(count_of(sql, "SELECT count(*) FROM messages WHERE tenant_id = " + demo) == before + 2000);
  // Every seeded conversation got its share of messages, the last one at its last_message_at.
  CHECK(count_of(sql,
                 "SELECT count(*) FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
                 "WHERE cu.phone LIKE '52177%' AND c.last_message_at = (SELECT max(created_at) "
                 "FROM messages m WHERE m.conversation_id = c.id)") == 300);
  CHECK(count_of(sql, "SELECT count(*) FROM tickets WHERE subject LIKE 'Pedido CS%'") == 60);
  CHECK(count_of(sql, "SELECT count(*) FROM event_log WHERE idempotency_key LIKE 'seed-api-%'") ==
        300);

  // A second run finds the seed and writes nothing.
  REQUIRE(run_bench(seed, report) == 0);
  CHECK_FALSE(report["seeded"].GetBool());
  CHECK(count_of(sql, "SELECT count(*) FROM customers WHERE phone LIKE '52177%'") == 300);

  const std::string api_url = "http://127.0.0.1:" + std::to_string(f.server.api_port());
  REQUIRE(run_bench({"api", "--url", api_url, "--requests", "3", "--conversations", "300"},
                    report) == 0);
  CHECK(report["errors"].GetInt64() == 0);
  CHECK(report["routes"].HasMember("conversations_q_phone"));
  CHECK(report["routes"].HasMember("events_failed"));
}

TEST_CASE("ws delivers every webhook to every socket once and in order", "[server][bench][pg]") {
  server_fixture f;
  rapidjson::Document report;
  const int status =
      run_bench({"ws", "--api-url", "http://127.0.0.1:" + std::to_string(f.server.api_port()),
                 "--gateway-url", "http://127.0.0.1:" + std::to_string(f.server.gateway_port()),
                 "--sockets", "20", "--events", "20", "--rate", "100", "--senders", "4", "--wait",
                 "60", "--warmup", "0.05"},
                report);
  CHECK(report["connected"].GetInt64() == 20);
  CHECK(report["accepted"].GetInt64() == 20);
  CHECK(report["delivered"].GetInt64() == 400);
  CHECK(report["lost"].GetInt64() == 0);
  CHECK(report["duplicates"].GetInt64() == 0);
  CHECK(report["out_of_order"].GetInt64() == 0);
  // The first 0.05 s of the schedule (5 webhooks at 100/s) is checked but not timed.
  CHECK(report["untimed_warmup"].GetInt64() == 5);
  CHECK(report["latency_ms"]["p50"].GetDouble() > 0);
  CHECK(status == 0);
}

TEST_CASE("soak samples the server and loses nothing over a few seconds", "[server][bench][pg]") {
  server_fixture f;
  rapidjson::Document report;
  const int status = run_bench({"soak",
                                "--api-url",
                                "http://127.0.0.1:" + std::to_string(f.server.api_port()),
                                "--gateway-url",
                                "http://127.0.0.1:" + std::to_string(f.server.gateway_port()),
                                "--database-url",
                                f.db.url(),
                                "--pid",
                                std::to_string(f.server.process().pid()),
                                "--minutes",
                                "0.1",
                                "--rate",
                                "20",
                                "--api-rate",
                                "10",
                                "--sockets",
                                "10",
                                "--customers",
                                "40",
                                "--senders",
                                "4",
                                "--sample-s",
                                "2",
                                "--warmup-s",
                                "2",
                                "--wait",
                                "20"},
                               report);
  CHECK(report["connected"].GetInt64() == 10);
  // Six seconds at 20/s: 120 webhooks, every one acknowledged, stored once and delivered.
  CHECK(report["sent"].GetInt64() == 120);
  CHECK(report["accepted"].GetInt64() == 120);
  CHECK(report["webhook_errors"].GetInt64() == 0);
  CHECK(report["api_requests"].GetInt64() >= 50);
  CHECK(report["api_errors"].GetInt64() == 0);
  CHECK(report["lost"].GetInt64() == 0);
  CHECK(report["double"].GetInt64() == 0);
  CHECK(report["out_of_order"].GetInt64() == 0);
  CHECK(report["ws_delivered"].GetInt64() == 1200);
  CHECK(report["ws_lost"].GetInt64() == 0);
  CHECK(report["ws_duplicates"].GetInt64() == 0);
  CHECK(report["ws_out_of_order"].GetInt64() == 0);
  CHECK(report["ws_closed"].GetInt64() == 0);
  CHECK(report["nothing_lost"].GetBool());
  // Samples at 2, 4 and 6 s; the baseline is the one at 2 s.
  CHECK(report["samples"].GetInt64() >= 3);
  const auto& start = report["start"];
  const auto& end = report["end"];
  CHECK(start["t_s"].GetDouble() >= 2);
  CHECK(end["t_s"].GetDouble() >= 6);
  for (const auto* s : {&start, &end}) {
    CHECK((*s)["rss_mib"].GetDouble() > 1);
    CHECK((*s)["fds"].GetInt64() > 10);             // listeners, database pool, sockets
    CHECK((*s)["pg_connections"].GetInt64() >= 2);  // the server's and the bench's own
    CHECK((*s)["ack_p99_ms"].GetDouble() > 0);
    CHECK((*s)["api_p99_ms"].GetDouble() > 0);
    CHECK((*s)["frames"].GetInt64() > 0);
  }
  // Whether a few seconds look flat is not asserted; the verdict is there and decides the status.
  CHECK(report["flat"].IsBool());
  CHECK((status == 0) == (report["flat"].GetBool() && report["nothing_lost"].GetBool()));
}
