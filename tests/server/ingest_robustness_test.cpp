// The ingest path under stress, from the outside: two servers on one database, many
// conversations at once, and a `kill -9` in the middle of the load (docs/architecture.md
// §Invariants 1 to 3). Every wait has a deadline; nothing here asserts on latency.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"

using namespace centralita::testkit;
using centralita::storage::text_array;

namespace {

std::string event_id_of(const std::string& body) {
  const std::string tag = R"("event_id":")";
  auto at = body.find(tag);
  return at == std::string::npos ? std::string{} : body.substr(at + tag.size(), 36);
}

/// Runs fn(0..n-1) on n threads and joins them. Catch2 assertions are not thread-safe, so the
/// workers only record; the first exception of a worker fails the test once all are joined.
template <class F>
void on_threads(int n, F fn) {
  std::mutex mutex;
  std::string failure;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      try {
        fn(t);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock{mutex};
        if (failure.empty()) failure = e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  if (!failure.empty()) FAIL("a worker thread failed: " << failure);
}

/// Waits (at most 10 s) until all `n` threads are at the start line, so their posts overlap.
void start_line(std::atomic<int>& ready, int n) {
  ++ready;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ready.load() < n && std::chrono::steady_clock::now() < until) std::this_thread::yield();
}

/// The warnings and errors in a server's log, with their continuation lines (for failures).
std::string warnings_in(const std::string& log) {
  std::istringstream in{log};
  std::string line, out;
  bool keep = false;
  for (int lines = 0; std::getline(in, line) && lines < 40;) {
    if (line.rfind("20", 0) == 0) keep = contains(line, " warning ") || contains(line, " error ");
    if (keep) {
      out += line + "\n";
      ++lines;
    }
  }
  return out;
}

std::string phone(int n) { return "52155" + std::to_string(30000000 + n); }

/// Runs a parameterized query that returns one value.
std::string query_param_value(centralita::storage::pg_connection& db, const char* sql,
                              const std::vector<centralita::storage::param>& params) {
  auto r = db.exec(sql, params);
  if (!r) throw std::runtime_error(std::string{"query failed: "} + r.error().message);
  return r->rows() > 0 ? r->str(0, 0) : std::string{};
}

}  // namespace

TEST_CASE("two servers on one database store each redelivered event exactly once",
          "[server][robustness][pg]") {
  test_database db{db_contents::seeded};
  server_process first{db.url()};
  server_process second{db.url()};
  // Big enough that the two servers' group commits hold the same keys in different orders at
  // the same time (smaller runs rarely overlap).
  constexpr int events = 2000, threads_per_server = 16, phones = 20;
  // One answer per event and server; each slot is written by exactly one thread.
  std::vector<http_response> answers[2] = {std::vector<http_response>(events),
                                           std::vector<http_response>(events)};
  std::atomic<int> ready{0};
  on_threads(2 * threads_per_server, [&](int t) {
    const int side = t % 2, lane = t / 2;
    http_connection conn{"127.0.0.1", (side == 0 ? first : second).gateway_port(),
                         std::chrono::seconds(15)};
    start_line(ready, 2 * threads_per_server);
    // Both servers get the same events in the same order, so each pair races.
    for (int i = lane; i < events; i += threads_per_server) {
      answers[side][i] =
          post_builderbot(conn, incoming_body(phone(i % phones), "dual-" + std::to_string(i)));
    }
  });

  int non_200 = 0, accepted = 0, duplicates = 0, pairs_ok = 0;
  std::string sample;
  for (int i = 0; i < events; ++i) {
    const auto& a = answers[0][i];
    const auto& b = answers[1][i];
    for (const auto* r : {&a, &b}) {
      if (r->status != 200) {
        ++non_200;
        if (sample.empty()) sample = std::to_string(r->status) + " " + r->body;
      }
      accepted += contains(r->body, R"("status":"accepted")") ? 1 : 0;
      duplicates += contains(r->body, R"("status":"duplicate")") ? 1 : 0;
    }
    const bool one_each =
        contains(a.body + b.body, "accepted") && contains(a.body + b.body, "duplicate");
    if (one_each && event_id_of(a.body) == event_id_of(b.body)) ++pairs_ok;
  }
  INFO("first non-200 answer: " << sample);
  if (non_200 > 0) {
    FAIL_CHECK(non_200 << " posts not answered 200; the servers' warnings:\n"
                       << warnings_in(first.process().log()) << "--\n"
                       << warnings_in(second.process().log()));
  }
  CHECK(accepted == events);
  CHECK(duplicates == events);
  CHECK(pairs_ok == events);

  auto conn = db.connect();
  const std::string want = std::to_string(events);
  CHECK(wait_for_value(conn,
                       "SELECT count(*) FROM event_log WHERE status = 'processed' AND payload "
                       "LIKE '%\"dual-%'",
                       want, std::chrono::seconds(30)) == want);
  // Each redelivery is logged apart as a suppressed duplicate, never as a second event.
  CHECK(query_value(conn,
                    "SELECT count(*) FROM event_log WHERE payload LIKE '%\"dual-%' AND status <> "
                    "'duplicate'") == want);
  CHECK(query_value(conn, "SELECT count(*) FROM messages WHERE body LIKE 'dual-%'") == want);
  CHECK(query_value(conn, "SELECT count(DISTINCT body) FROM messages WHERE body LIKE 'dual-%'") ==
        want);
  // Each message belongs to its own event, and to the event that logged that very body.
  CHECK(query_value(conn,
                    "SELECT count(*) FROM messages m JOIN event_log e ON e.event_id = m.event_id "
                    "WHERE m.body LIKE 'dual-%' AND e.payload LIKE '%\"' || m.body || '\"%'") ==
        want);
  CHECK(query_value(conn,
                    "SELECT count(DISTINCT phone) FROM customers WHERE phone LIKE "
                    "'5215530%'") == std::to_string(phones));
  CHECK(first.process().running());
  CHECK(second.process().running());
}

TEST_CASE("each conversation keeps its order under concurrent load across many conversations",
          "[server][robustness][pg]") {
  server_fixture f;
  constexpr int threads = 16, customers = 40, per_customer = 50;  // 2000 messages
  std::atomic<int> ready{0}, refused{0};
  std::mutex mutex;
  std::string sample;
  on_threads(threads, [&](int t) {
    http_connection conn{"127.0.0.1", f.server.gateway_port(), std::chrono::seconds(15)};
    start_line(ready, threads);
    // This thread owns customers t, t + 16, ...: each customer's messages leave in order from
    // one thread, each after the previous one is acknowledged, interleaved with the others'.
    for (int seq = 1; seq <= per_customer; ++seq) {
      for (int c = t; c < customers; c += threads) {
        auto body = "ord-" + std::to_string(c) + "-" + std::to_string(seq);
        auto r = post_builderbot(conn, incoming_body(phone(c), body));
        if (r.status != 200 || !contains(r.body, R"("status":"accepted")")) {
          ++refused;
          std::lock_guard<std::mutex> lock{mutex};
          if (sample.empty()) sample = body + ": " + std::to_string(r.status) + " " + r.body;
        }
      }
    }
  });
  INFO("first refusal: " << sample);
  REQUIRE(refused == 0);

  auto db = f.db.connect();
  const std::string total = std::to_string(customers * per_customer);
  REQUIRE(wait_for_value(db, "SELECT count(*) FROM messages WHERE body LIKE 'ord-%'", total,
                         std::chrono::seconds(60)) == total);
  auto rows = db.exec("SELECT body FROM messages WHERE body LIKE 'ord-%' ORDER BY id");
  REQUIRE(rows);
  std::map<int, std::vector<int>> seen;  // customer -> sequence numbers in storage order
  for (int i = 0; i < rows->rows(); ++i) {
    auto body = rows->str(i, 0);
    auto dash = body.find('-', 4);
    seen[std::stoi(body.substr(4, dash - 4))].push_back(std::stoi(body.substr(dash + 1)));
  }
  CHECK(seen.size() == static_cast<size_t>(customers));
  for (const auto& [customer, numbers] : seen) {
    CAPTURE(customer, numbers);
    CHECK(numbers.size() == static_cast<size_t>(per_customer));
    CHECK(std::is_sorted(numbers.begin(), numbers.end()));
    CHECK(std::adjacent_find(numbers.begin(), numbers.end()) == numbers.end());
  }
  // One open conversation per customer, and its messages are the customer's own.
  CHECK(query_value(db,
                    "SELECT count(*) FROM messages m JOIN conversations c ON c.id = "
                    "m.conversation_id JOIN customers u ON u.id = c.customer_id WHERE m.body "
                    "LIKE 'ord-%' AND u.phone = '52155' || (30000000 + split_part(m.body, '-', "
                    "2)::int)::text") == total);
  CHECK(query_value(db,
                    "SELECT count(DISTINCT conversation_id) FROM messages WHERE body LIKE "
                    "'ord-%'") == std::to_string(customers));
}

TEST_CASE("kill -9 under load, then a restart, loses no acknowledged event and doubles none",
          "[server][robustness][pg]") {
  server_fixture f;
  constexpr int threads = 8;
  std::vector<std::vector<std::pair<std::string, std::string>>> acked(threads);  // id, body
  std::atomic<bool> stop{false};
  on_threads(threads + 1, [&](int t) {
    if (t == threads) {
      // The last thread lets the load run for a while, then kills the server.
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      f.server.process().kill(SIGKILL);
      f.server.process().wait_for(std::chrono::seconds(10));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // posts fail meanwhile
      stop = true;
      return;
    }
    http_connection conn{"127.0.0.1", f.server.gateway_port(), std::chrono::seconds(10)};
    for (int k = 0; !stop; ++k) {
      auto body = "kill-" + std::to_string(t) + "-" + std::to_string(k);
      try {
        auto r = post_builderbot(conn, incoming_body(phone(t * 4 + k % 4), body));
        // Only an "accepted" answer acknowledges; anything else is not a promise.
        if (r.status == 200 && contains(r.body, R"("status":"accepted")")) {
          acked[t].emplace_back(event_id_of(r.body), body);
        }
      } catch (const http_error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
  REQUIRE_FALSE(f.server.process().running());
  std::vector<std::string> ids, bodies;
  for (const auto& lane : acked) {
    for (const auto& [id, body] : lane) {
      ids.push_back(id);
      bodies.push_back(body);
    }
  }
  INFO(ids.size() << " events acknowledged before the kill");
  REQUIRE(!ids.empty());

  f.server.restart();
  auto db = f.db.connect();
  const char* missing_sql =
      "SELECT count(*) FROM unnest($1::uuid[]) AS t(id) "
      "WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.event_id = t.id)";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string missing;
  for (;;) {
    missing = query_param_value(db, missing_sql, {text_array(ids)});
    if (missing == "0" || std::chrono::steady_clock::now() > until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (missing != "0") {
    // Where the lost events stand in the log, and what the restarted server said.
    auto lost = db.exec(
        "SELECT t.id, coalesce(e.status, 'absent'), coalesce(e.seq, 0), e.received_at "
        "FROM unnest($1::uuid[]) AS t(id) LEFT JOIN event_log e ON e.event_id = t.id "
        "WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.event_id = t.id) LIMIT 20",
        {text_array(ids)});
    std::string report;
    for (int i = 0; lost && i < lost->rows(); ++i) {
      report += lost->str(i, 0) + " " + lost->str(i, 1) + " seq " + lost->str(i, 2) + " " +
                lost->str(i, 3) + "\n";
    }
    FAIL_CHECK(missing << " acknowledged events have no message:\n"
                       << report << "server log after the restart:\n"
                       << f.server.process().log());
  }
  // Each acknowledged event's message carries the body that event was acknowledged for.
  CHECK(query_param_value(db,
                          "SELECT count(*) FROM unnest($1::uuid[], $2::text[]) AS t(id, body) "
                          "JOIN messages m ON m.event_id = t.id AND m.body = t.body",
                          {text_array(ids), text_array(bodies)}) == std::to_string(ids.size()));
  CHECK(query_param_value(db,
                          "SELECT count(*) FROM event_log WHERE event_id = ANY($1::uuid[]) AND "
                          "status = 'processed'",
                          {text_array(ids)}) == std::to_string(ids.size()));
  CHECK(query_value(db,
                    "SELECT count(*) FROM (SELECT event_id FROM messages WHERE event_id IS NOT "
                    "NULL GROUP BY event_id HAVING count(*) > 1) d") == "0");
  CHECK(query_value(db,
                    "SELECT count(*) FROM (SELECT body FROM messages WHERE body LIKE 'kill-%' "
                    "GROUP BY body HAVING count(*) > 1) d") == "0");
  CHECK(query_value(db,
                    "SELECT count(*) FROM (SELECT payload FROM event_log GROUP BY payload "
                    "HAVING count(*) > 1) d") == "0");

  // The restarted server takes new work as before.
  http_connection conn{"127.0.0.1", f.server.gateway_port(), std::chrono::seconds(15)};
  auto after = post_builderbot(conn, incoming_body(phone(99), "after-restart"));
  CHECK(after.status == 200);
  CHECK(contains(after.body, R"("status":"accepted")"));
  CHECK(wait_for_value(db, "SELECT count(*) FROM messages WHERE body = 'after-restart'", "1") ==
        "1");
}
