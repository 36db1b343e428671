// The nodes of a cluster (storage/cluster_node_repo.hpp): a heartbeat keeps a node alive and
// tells it how many nodes are, which the pacers stretch their linger by
// (actors/batch_linger.hpp).
#include <catch2/catch.hpp>

#include "storage/cluster_node_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;

TEST_CASE_METHOD(db_fixture, "a heartbeat counts the nodes alive, itself included",
                 "[storage][pg]") {
  storage::cluster_node_repo repo{db};
  auto alone = repo.heartbeat("node-a", 6);
  REQUIRE(alone);
  CHECK(*alone == 1);
  // Another node alive, and one whose row lapsed: only the first counts.
  REQUIRE(db.exec("INSERT INTO cluster_nodes VALUES ('node-b', now() + interval '6 seconds')"));
  REQUIRE(db.exec("INSERT INTO cluster_nodes VALUES ('node-c', now() - interval '1 second')"));
  auto two = repo.heartbeat("node-a", 6);
  REQUIRE(two);
  CHECK(*two == 2);
  // Renewing does not count a node twice, and a node that left is gone at once.
  REQUIRE(repo.heartbeat("node-a", 6));
  REQUIRE(repo.leave("node-b"));
  CHECK(*repo.heartbeat("node-a", 6) == 1);
  CHECK(query_value(db, "SELECT count(*) FROM cluster_nodes WHERE node = 'node-a'") == "1");
}
