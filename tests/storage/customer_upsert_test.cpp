// A message batch creates the customers it does not know and renames the ones whose name
// changed; a known customer with the same name, or none, is left alone: its row is neither
// rewritten nor locked (the batch's cost per message, README › Cost per message).
#include <catch2/catch.hpp>

#include "common/ids.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/message_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;

namespace {

// Stores one customer message from `phone` with the name the provider sent.
void store_from(storage::pg_connection& db, int64_t tenant, const std::string& phone,
                const std::string& name) {
  storage::ingest_row event{new_uuid(),          tenant, 0,    "builderbot", "message.incoming",
                            "key:" + new_uuid(), false,  "{}", false};
  REQUIRE(storage::event_log_repo{db}.record_batch({event}, 60, "node-a").ok());
  storage::inbound_message m{event.event_id, tenant,     0,      phone, name,
                             "in",           "customer", "hola", "[]"};
  REQUIRE(storage::message_repo{db}.store_batch({m}, {}, {event.event_id}).ok());
}

}  // namespace

TEST_CASE_METHOD(db_fixture, "a message batch renames a customer only when the name changed",
                 "[storage][pg]") {
  const std::string phone = "5215550001" + std::to_string(demo % 10);
  const std::string where =
      " FROM customers WHERE tenant_id = " + std::to_string(demo) + " AND phone = '" + phone + "'";
  store_from(db, demo, phone, "Ana");
  CHECK(query_value(db, "SELECT name" + where) == "Ana");
  const auto row = query_value(db, "SELECT ctid::text || ' ' || xmax::text" + where);

  // The same name, or none at all, keeps the row as it is: not rewritten, not locked.
  store_from(db, demo, phone, "Ana");
  store_from(db, demo, phone, "");
  CHECK(query_value(db, "SELECT name" + where) == "Ana");
  CHECK(query_value(db, "SELECT ctid::text || ' ' || xmax::text" + where) == row);

  // A new name renames the customer; a second phone is a second customer.
  store_from(db, demo, phone, "Ana María");
  CHECK(query_value(db, "SELECT name" + where) == "Ana María");
  store_from(db, demo, phone + "9", "Luis");
  CHECK(query_value(db, "SELECT count(*) FROM customers WHERE tenant_id = " + std::to_string(demo) +
                            " AND phone IN ('" + phone + "', '" + phone + "9')") == "2");
}
