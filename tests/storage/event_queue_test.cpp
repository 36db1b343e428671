// The queue of accepted-but-unprocessed events (migration 009): filled with the event, emptied by
// processing or failure, refilled by a replay; recovery reads it. Marking an event processed must
// stay a HOT update: no index of event_log may cover its status.
#include <catch2/catch.hpp>

#include "common/ids.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/event_query.hpp"
#include "storage/message_repo.hpp"
#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;
using centralita::testkit::test_database;

namespace {

storage::ingest_row row(int64_t tenant, const std::string& key, bool ignored = false) {
  return {new_uuid(), tenant, 0, "builderbot", "message.incoming", key, false, "{}", ignored};
}

}  // namespace

TEST_CASE_METHOD(db_fixture, "event_queue holds exactly the accepted events not yet processed",
                 "[storage][pg]") {
  storage::event_log_repo log{db};
  const auto before = query_value(db, "SELECT count(*) FROM event_queue");

  auto decided = log.record_batch(
      {row(demo, "key:a"), row(demo, "key:b"), row(demo, "key:a"), row(demo, "key:c", true)}, 60,
      "node-a");
  REQUIRE(decided.ok());
  const auto a = (*decided)[0].event_id, b = (*decided)[1].event_id;
  // Two new accepted events are queued; the repeat and the ignored event are not.
  CHECK(query_value(db, "SELECT count(*) - " + before + " FROM event_queue") == "2");
  auto pending = log.unprocessed((*decided)[0].seq - 1, 10, 0);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 2);
  CHECK((*pending)[0].event_id == a);
  CHECK((*pending)[1].event_id == b);

  // Processing marks the row processed and takes it off the queue, in one transaction.
  storage::message_repo messages{db};
  REQUIRE(messages.store_batch({}, {}, {a}).ok());
  CHECK(query_value(db, "SELECT status FROM event_log WHERE event_id = '" + a + "'") ==
        "processed");
  CHECK(query_value(db, "SELECT count(*) FROM event_queue WHERE event_id = '" + a + "'") == "0");

  // A failure takes it off too; a replay queues it again and recovery finds it.
  REQUIRE(log.mark_failed(b, "test").ok());
  CHECK(query_value(db, "SELECT count(*) FROM event_queue WHERE event_id = '" + b + "'") == "0");
  const auto user = std::stoll(query_value(
      db, "SELECT id FROM users WHERE tenant_id = " + std::to_string(demo) + " LIMIT 1"));
  auto replayed = storage::event_query{db}.replay(demo, b, user);
  REQUIRE(replayed.ok());
  CHECK(query_value(db, "SELECT count(*) FROM event_queue WHERE event_id = '" + b + "'") == "1");
  pending = log.unprocessed((*decided)[0].seq - 1, 10, 0);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  CHECK((*pending)[0].event_id == b);
}

TEST_CASE("no index of event_log covers its status, so marking processed is HOT", "[storage][pg]") {
  test_database tdb{testkit::db_contents::migrated};
  auto db = tdb.connect();
  CHECK(query_value(db,
                    "SELECT count(*) FROM pg_indexes WHERE tablename = 'event_log' "
                    "AND indexdef LIKE '%status%'") == "0");
  CHECK(query_value(db,
                    "SELECT array_to_string(reloptions, ',') FROM pg_class "
                    "WHERE relname = 'event_log'") == "fillfactor=50");
}
