// A PostgreSQL outage under the ingest path, from the outside: the server answers 503 with
// Retry-After (never a crash, never a hang) and comes back by itself when the database does.
// The test runs its own cluster (tests/support/pg_cluster), since it stops it. Every wait has a
// deadline.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "tests/support/pg_cluster.hpp"
#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"

using namespace centralita::testkit;

namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

/// One of three customers, always the same for a given text (a redelivery is the same body).
std::string phone_for(const std::string& text) {
  return "52155" + std::to_string(40000000 + std::hash<std::string>{}(text) % 3);
}

/// Posts distinct events from a few threads, as providers would, until finish(); a 503 is
/// retried later by the provider, so the thread pauses briefly and goes on with new events.
/// Joined on destruction too. Its counts are only read after finish().
class background_load {
 public:
  background_load(uint16_t port, int threads) {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([this, port, t] { run(port, t); });
  }
  ~background_load() { finish(); }
  void finish() {
    stop_ = true;
    for (auto& w : workers_) {
      if (w.joinable()) w.join();
    }
  }
  size_t acknowledged_so_far() {
    std::lock_guard<std::mutex> lock{mutex_};
    return acknowledged.size();
  }

  std::vector<std::string> acknowledged;  ///< bodies answered "accepted"
  int unavailable = 0;                    ///< 503 database_unavailable with Retry-After
  int unexpected = 0;                     ///< any other answer, or none (http_error)
  std::string sample;                     ///< the first unexpected answer

 private:
  void run(uint16_t port, int t) {
    http_connection conn{"127.0.0.1", port, std::chrono::seconds(15)};
    for (int k = 0; !stop_; ++k) {
      const auto body = "load-" + std::to_string(t) + "-" + std::to_string(k);
      std::string wrong;
      bool refused = false;
      try {
        auto r = post_builderbot(conn, incoming_body(phone_for(body), body));
        refused = r.status == 503 && !r.header("retry-after").empty() &&
                  contains(r.body, R"({"error":{"code":"database_unavailable","message":")");
        std::lock_guard<std::mutex> lock{mutex_};
        if (r.status == 200 && contains(r.body, R"("status":"accepted")")) {
          acknowledged.push_back(body);
        } else if (refused) {
          ++unavailable;
        } else {
          wrong = std::to_string(r.status) + " " + r.body;
        }
      } catch (const http_error& e) {
        wrong = std::string{"no answer: "} + e.what();
      }
      if (!wrong.empty()) {
        std::lock_guard<std::mutex> lock{mutex_};
        ++unexpected;
        if (sample.empty()) sample = body + ": " + wrong;
      }
      if (refused || !wrong.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::thread> workers_;
};

}  // namespace

TEST_CASE("outage: with PostgreSQL stopped the webhook answers 503 and the server recovers",
          "[server][robustness][pg]") {
  local_cluster pg;
  pg.migrate_and_seed();
  server_process server{pg.url()};
  // Longer than the server's own ack deadline: hitting it means the server hung.
  http_connection conn{"127.0.0.1", server.gateway_port(), std::chrono::seconds(15)};
  auto post = [&](const std::string& text) {
    return post_builderbot(conn, incoming_body(phone_for(text), text));
  };
  auto accepted = [](const http_response& r) {
    return r.status == 200 && contains(r.body, R"("status":"accepted")");
  };

  for (int i = 0; i < 5; ++i) REQUIRE(accepted(post("pre-" + std::to_string(i))));
  {
    auto db = centralita::storage::pg_connection::open(pg.url());
    REQUIRE(db);
    REQUIRE(wait_for_value(*db, "SELECT count(*) FROM messages WHERE body LIKE 'pre-%'", "5") ==
            "5");
  }
  // Acknowledged just before the outage: their processing may meet it.
  for (int i = 0; i < 3; ++i) REQUIRE(accepted(post("late-" + std::to_string(i))));
  background_load load{server.gateway_port(), 4};
  // The database goes away while the load runs (at most 10 s to see the load acknowledged).
  auto loaded = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (load.acknowledged_so_far() < 50 && std::chrono::steady_clock::now() < loaded) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pg.stop();

  std::vector<std::string> refused;
  for (int i = 0; i < 10; ++i) {
    const auto body = "out-" + std::to_string(i);
    http_response r;
    try {
      r = post(body);
    } catch (const http_error& e) {
      FAIL("no answer during the outage to " << body << ": " << e.what() << "\nserver log:\n"
                                             << server.process().log());
    }
    CAPTURE(body, r.status, r.body);
    CHECK(r.status == 503);
    CHECK_FALSE(r.header("retry-after").empty());
    CHECK(contains(r.body, R"({"error":{"code":"database_unavailable","message":")"));
    refused.push_back(body);
  }
  // A redelivery of a stored event cannot be told apart without the database either.
  CHECK(post("pre-0").status == 503);
  CHECK(http_request(server.api_port(), "GET", "/healthz").status == 200);
  CHECK(http_request(server.api_port(), "GET", "/readyz").status == 503);
  REQUIRE(server.process().running());
  load.finish();
  INFO("first unexpected answer to the load: " << load.sample);
  CHECK(load.unexpected == 0);
  CHECK(load.unavailable > 0);
  CHECK_FALSE(load.acknowledged.empty());

  pg.start();
  // Retried as a provider does after a 503, the event is accepted once the database is back.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  http_response back;
  for (;;) {
    back = post("back-0");
    if (back.status != 503 || std::chrono::steady_clock::now() > until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (!accepted(back)) {
    FAIL("not accepted after the database came back: " << back.status << " " << back.body
                                                       << "\nserver log:\n"
                                                       << server.process().log());
  }
  CHECK(wait_for_http_ok(server.api_port(), "/readyz", std::chrono::seconds(20)));
  // Each ingest writer meets the restart on its own connection, so one may still answer 503 for
  // a moment: sent as a provider sends, retrying a 503, every event ends up stored. A retry of
  // one whose first answer was lost after its commit is rightly a duplicate.
  auto deliver = [&](const std::string& text) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    auto r = post(text);
    int retries = 0;
    while (r.status == 503 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      r = post(text);
      ++retries;
    }
    CAPTURE(text, r.status, r.body, retries);
    CHECK((accepted(r) || (retries > 0 && contains(r.body, R"("status":"duplicate")"))));
  };
  for (int i = 1; i < 5; ++i) deliver("back-" + std::to_string(i));
  // What was refused with 503 was not recorded: its redelivery is new.
  for (const auto& body : refused) deliver(body);
  CHECK(contains(post("pre-0").body, R"("status":"duplicate")"));

  auto db = centralita::storage::pg_connection::open(pg.url());
  REQUIRE(db);
  const std::string mine = "body ~ '^(pre|late|out|back)-[0-9]+$'";
  const std::string want = std::to_string(5 + 3 + 10 + 5);
  CHECK(wait_for_value(*db, "SELECT count(*) FROM messages WHERE " + mine, want,
                       std::chrono::seconds(30)) == want);
  CHECK(query_value(*db, "SELECT count(DISTINCT body) FROM messages WHERE " + mine) == want);
  // Suppressed duplicates (the "pre-0" repeat above) are logged apart, with status duplicate.
  const std::string logged = "payload ~ '\"(pre|late|out|back)-[0-9]+\"' AND status <> 'duplicate'";
  CHECK(query_value(*db, "SELECT count(*) FROM event_log WHERE " + logged) == want);
  CHECK(wait_for_value(*db,
                       "SELECT count(*) FROM event_log WHERE status = 'processed' AND " + logged,
                       want, std::chrono::seconds(10)) == want);
  // Everything the load got acknowledged is stored, once; what was refused may be retried.
  CHECK(wait_for_value(*db,
                       "SELECT count(*) FROM messages WHERE body IN ('" +
                           join(load.acknowledged, "','") + "')",
                       std::to_string(load.acknowledged.size()),
                       std::chrono::seconds(30)) == std::to_string(load.acknowledged.size()));
  CHECK(query_value(*db,
                    "SELECT count(*) FROM (SELECT body FROM messages WHERE body ~ "
                    "'^(pre|late|out|back|load)-' GROUP BY body HAVING count(*) > 1) d") == "0");
  CHECK(server.process().running());
}
