// Live events as stored (storage/live_event_repo.hpp): each tenant's events take gap-free
// numbers in the order given, one row per tenant and batch, read back in seq order and pruned
// by whole batches.
#include <catch2/catch.hpp>

#include "storage/live_event_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;

TEST_CASE_METHOD(db_fixture, "live events are numbered per tenant without gaps and read in order",
                 "[storage][pg]") {
  storage::live_event_repo repo{db};
  const int64_t other = admin;
  auto first = repo.store({{demo, "message.created", R"({"n":1})"},
                           {other, "message.created", R"({"n":2})"},
                           {demo, "conversation.updated", R"({"n":3})"}});
  REQUIRE(first);
  REQUIRE(first->size() == 2);
  int64_t demo_last = 0;
  for (const auto& t : *first) {
    CHECK(t.taken == (t.tenant_id == demo ? 2 : 1));
    if (t.tenant_id == demo) demo_last = t.last_seq;
  }
  auto second = repo.store({{demo, "ai.decision", R"({"n":4})"}});
  REQUIRE(second);
  CHECK(second->front().last_seq == demo_last + 1);

  auto events = repo.after(demo, demo_last - 2, 10);
  REQUIRE(events);
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].seq == demo_last - 1);
  CHECK((*events)[0].event.type == "message.created");
  CHECK((*events)[1].event.data_json == R"({"n":3})");
  CHECK((*events)[2].seq == demo_last + 1);
  CHECK(repo.after(demo, demo_last, 1)->size() == 1);

  // Pruning drops the batches wholly before the cut, never part of one.
  REQUIRE(repo.prune(demo, demo_last));
  events = repo.after(demo, 0, 10);
  REQUIRE(events);
  CHECK(events->front().seq == demo_last - 1);
  REQUIRE(repo.prune(demo, demo_last + 1));
  CHECK(repo.after(demo, 0, 10)->front().seq == demo_last + 1);
}
