// A PostgreSQL outage under the ingest path, from the outside: the server answers 503 with
// Retry-After (never a crash, never a hang) and comes back by itself when the database does.
// The test runs its own cluster (scripts/pg.sh), since it stops it. Every wait has a deadline.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "tests/support/server_fixture.hpp"
#include "tests/support/test_env.hpp"

using namespace centralita::testkit;

namespace {

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// Runs a command to its end (at most 90 s); throws with its output when it fails.
void run_command(const std::string& binary, const std::vector<std::string>& args,
                 const environment_vars& env, const std::string& log) {
  child_process p{binary, args, env, log};
  auto status = p.wait_for(std::chrono::seconds(90));
  if (!status) p.stop();
  if (status != 0) {
    throw std::runtime_error(binary + " " + args.at(0) + " failed (status " +
                             std::to_string(status.value_or(-1)) + "):\n" + p.log());
  }
}

/// A PostgreSQL cluster of this test's own, in a fresh temporary directory, with an empty
/// database `centralita`. Stopped and deleted when the object goes away, also after a failure.
class local_cluster {
 public:
  local_cluster() : port_(free_port()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string{(tmp != nullptr && *tmp != '\0') ? tmp : "/tmp"} + "/centralita-pg-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    try {
      // As root, pg.sh runs PostgreSQL as the postgres user, which must reach root_/data.
      ::chmod(root_.c_str(), 0755);
      start();
      pg_sh({"createdb", std::to_string(port_), "centralita"});
    } catch (...) {
      remove();
      throw;
    }
  }
  ~local_cluster() { remove(); }
  local_cluster(const local_cluster&) = delete;
  local_cluster& operator=(const local_cluster&) = delete;

  void start() { pg_sh({"start", root_ + "/data", std::to_string(port_)}); }
  void stop() { pg_sh({"stop", root_ + "/data"}); }
  std::string url() const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/centralita";
  }
  std::string log_path(const std::string& name) const { return root_ + "/" + name + ".log"; }

 private:
  void pg_sh(const std::vector<std::string>& args) {
    run_command(std::string{CENTRALITA_SOURCE_DIR} + "/scripts/pg.sh", args, {},
                log_path("pg-" + args.at(0) + "-" + std::to_string(++runs_)));
  }
  void remove() {
    try {
      stop();
    } catch (const std::exception& e) {
      WARN("could not stop the test cluster in " << root_ << ": " << e.what());
    }
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  uint16_t port_;
  std::string root_;
  int runs_ = 0;
};

/// One of three customers, always the same for a given text (a redelivery is the same body).
std::string phone_for(const std::string& text) {
  return "52155" + std::to_string(40000000 + std::hash<std::string>{}(text) % 3);
}

}  // namespace

TEST_CASE("with PostgreSQL stopped the webhook answers 503 and the server recovers by itself",
          "[server][robustness][pg]") {
  local_cluster pg;
  for (const char* command : {"migrate", "seed"}) {
    run_command(server_binary(), {command},
                {{"DATABASE_URL", pg.url()}, {"JWT_SECRET", "test_secret_0123456789abcdef"}},
                pg.log_path(command));
  }
  server_process server{pg.url()};
  // Longer than the server's own ack deadline: hitting it means the server hung.
  http_connection conn{"127.0.0.1", server.gateway_port(), std::chrono::seconds(15)};
  auto post = [&](const std::string& text) {
    return post_builderbot(conn, incoming_body(phone_for(text), text));
  };
  auto accepted = [](const http_response& r) {
    return r.status == 200 && has(r.body, R"("status":"accepted")");
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
    CHECK(has(r.body, R"({"error":{"code":"database_unavailable","message":")"));
    refused.push_back(body);
  }
  // A redelivery of a stored event cannot be told apart without the database either.
  CHECK(post("pre-0").status == 503);
  CHECK(http_request(server.api_port(), "GET", "/healthz").status == 200);
  CHECK(http_request(server.api_port(), "GET", "/readyz").status == 503);
  REQUIRE(server.process().running());

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
  for (int i = 1; i < 5; ++i) CHECK(accepted(post("back-" + std::to_string(i))));
  // What was refused with 503 was not recorded: its redelivery is new.
  for (const auto& body : refused) CHECK(accepted(post(body)));
  CHECK(has(post("pre-0").body, R"("status":"duplicate")"));

  auto db = centralita::storage::pg_connection::open(pg.url());
  REQUIRE(db);
  const std::string mine = "body ~ '^(pre|late|out|back)-[0-9]+$'";
  const std::string want = std::to_string(5 + 3 + 10 + 5);
  CHECK(wait_for_value(*db, "SELECT count(*) FROM messages WHERE " + mine, want,
                       std::chrono::seconds(30)) == want);
  CHECK(query_value(*db, "SELECT count(DISTINCT body) FROM messages WHERE " + mine) == want);
  const std::string logged = "payload ~ '\"(pre|late|out|back)-[0-9]+\"'";
  CHECK(query_value(*db, "SELECT count(*) FROM event_log WHERE " + logged) == want);
  CHECK(wait_for_value(*db,
                       "SELECT count(*) FROM event_log WHERE status = 'processed' AND " + logged,
                       want, std::chrono::seconds(10)) == want);
  CHECK(server.process().running());
}
