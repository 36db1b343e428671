// net/login_limiter over a real PostgreSQL: failures per e-mail and per address within a sliding
// window on the database's clock, shared by every connection (every node of a cluster).
#include "net/login_limiter.hpp"

#include <catch2/catch.hpp>

#include "storage/pg.hpp"
#include "tests/support/test_database.hpp"

using centralita::net::login_limiter;
using centralita::testkit::db_contents;
using centralita::testkit::test_database;
using std::chrono::seconds;

namespace {

int begin(const login_limiter& limits, centralita::storage::pg_connection& db,
          const std::string& email, const std::string& ip) {
  auto a = limits.begin(db, email, ip);
  REQUIRE(a);
  return a->wait_s;
}

}  // namespace

TEST_CASE("the sixth failure of an e-mail within a minute waits, on any connection",
          "[net][auth][pg]") {
  test_database db{db_contents::migrated};
  auto node_a = db.connect();
  auto node_b = db.connect();
  login_limiter limits{5, 20, seconds(60)};
  for (int i = 0; i < 5; ++i)
    CHECK(begin(limits, i % 2 ? node_a : node_b, "a@x.com", "10.0.0.1") == 0);
  int wait = begin(limits, node_b, "a@x.com", "10.0.0.2");
  CHECK(wait > 50);
  CHECK(wait <= 61);
  // Other e-mails from the same address go on.
  CHECK(begin(limits, node_a, "b@x.com", "10.0.0.1") == 0);
  // The window slides past the first failures.
  REQUIRE(node_a.exec("UPDATE login_attempts SET at = at - interval '61 seconds'"));
  CHECK(begin(limits, node_b, "a@x.com", "10.0.0.1") == 0);
  // Nobody's e-mail is stored, only its digest; expired rows are gone.
  CHECK(node_a.exec("SELECT count(*) FROM login_attempts WHERE key LIKE '%@%'")->str(0, 0) == "0");
  CHECK(node_a.exec("SELECT count(*) FROM login_attempts")->str(0, 0) == "2");
}

TEST_CASE("an address is limited across e-mails", "[net][auth][pg]") {
  test_database db{db_contents::migrated};
  auto conn = db.connect();
  login_limiter limits{5, 3, seconds(60)};
  CHECK(begin(limits, conn, "a@x.com", "10.0.0.1") == 0);
  CHECK(begin(limits, conn, "b@x.com", "10.0.0.1") == 0);
  CHECK(begin(limits, conn, "c@x.com", "10.0.0.1") == 0);
  CHECK(begin(limits, conn, "d@x.com", "10.0.0.1") > 0);
  CHECK(begin(limits, conn, "d@x.com", "10.0.0.2") == 0);
}

TEST_CASE("a success forgets the e-mail failures, and an unjudged attempt gives its slots back",
          "[net][auth][pg]") {
  test_database db{db_contents::migrated};
  auto conn = db.connect();
  login_limiter limits{2, 3, seconds(60)};
  CHECK(begin(limits, conn, "a@x.com", "ip") == 0);
  auto second = limits.begin(conn, "a@x.com", "ip");
  REQUIRE(second);
  CHECK(second->wait_s == 0);
  limits.succeeded(conn, "a@x.com", *second);  // one address slot left, no e-mail failure
  auto third = limits.begin(conn, "a@x.com", "ip");
  REQUIRE(third);
  limits.abandoned(conn, *third);  // as if that one never happened
  CHECK(begin(limits, conn, "a@x.com", "ip") == 0);
  CHECK(begin(limits, conn, "a@x.com", "ip") == 0);
  CHECK(begin(limits, conn, "a@x.com", "ip") > 0);  // two failures since the success
}
