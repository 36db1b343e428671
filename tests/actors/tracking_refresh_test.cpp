// refresh_due_shipments over a seeded database with the demo provider on an injected clock:
// CS1002 and CS1003 move along, CS1001 (delivered) is left alone, nothing is applied twice,
// and with the tenant's setting on a status change queues a WhatsApp notice in the outbox.
#include <catch2/catch.hpp>

#include "actors/tracking_refresh.hpp"
#include "providers/demo_tracking.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using namespace centralita::actors;
using centralita::testkit::query_value;

namespace {

std::string status_of(storage::pg_connection& db, const std::string& number) {
  return query_value(db, "SELECT status FROM shipments WHERE tracking_number = '" + number + "'");
}

std::string events_of(storage::pg_connection& db, const std::string& number) {
  return query_value(db,
                     "SELECT count(*) FROM shipment_events e JOIN shipments s ON s.id = "
                     "e.shipment_id WHERE s.tracking_number = '" +
                         number + "'");
}

// The conversation of the seeded customer with `phone`.
std::string conversation_of(storage::pg_connection& db, const std::string& phone) {
  return query_value(db,
                     "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
                     "WHERE u.phone = '" +
                         phone + "'");
}

}  // namespace

TEST_CASE("the demo timeline moves the seeded shipments along when refreshed",
          "[actors][tracking][pg]") {
  testkit::test_database database{testkit::db_contents::seeded};
  auto db = database.connect();
  const int64_t seeded = std::stoll(query_value(
      db,
      "SELECT extract(epoch FROM created_at)::bigint FROM shipments WHERE tracking_number = "
      "'CS1002'"));
  int64_t now = seeded;
  providers::demo_tracking demo_provider{[&now] { return now; }};
  const provider_of demo = [&](int64_t) -> providers::tracking_provider& { return demo_provider; };
  const int refresh_s = 900;

  // Checked at seeding: nothing is due yet.
  auto none = refresh_due_shipments(db, demo, now + 60, refresh_s);
  REQUIRE(none);
  CHECK(none->checked == 0);

  const auto before_1002 = events_of(db, "CS1002");
  now = seeded + 21 * 3600;
  auto first = refresh_due_shipments(db, demo, now, refresh_s);
  REQUIRE(first);
  CHECK(first->checked == 2);  // CS1002 and CS1003; CS1001 is delivered
  CHECK(first->changed == 2);
  CHECK(first->failed == 0);
  CHECK(status_of(db, "CS1002") == "OutForDelivery");
  CHECK(status_of(db, "CS1003") == "Delivered");
  CHECK(status_of(db, "CS1001") == "Delivered");
  CHECK(std::stoi(events_of(db, "CS1002")) == std::stoi(before_1002) + 2);
  // A live event per shipment that moved; no notice, the setting is off.
  CHECK(first->announce.size() == 2);
  CHECK(first->announce[0].type == "shipment.updated");
  CHECK_FALSE(first->queued_notice);
  CHECK(query_value(db, "SELECT count(*) FROM outbox") == "0");
  CHECK(query_value(db,
                    "SELECT count(*) FROM audit_log WHERE entity_type = 'shipment' AND "
                    "action = 'shipment.updated'") == "2");

  // Asked again too soon: nothing due. Asked later with nothing new: checked, no change.
  auto again = refresh_due_shipments(db, demo, now + 60, refresh_s);
  REQUIRE(again);
  CHECK(again->checked == 0);
  auto quiet = refresh_due_shipments(db, demo, now + 1000, refresh_s);
  REQUIRE(quiet);
  CHECK(quiet->checked == 1);
  CHECK(quiet->changed == 0);
  CHECK(quiet->announce.empty());

  // With notices on, delivery queues one to María Fernanda's conversation, in Spanish.
  REQUIRE(
      db.exec("UPDATE tenants SET settings = settings || "
              "'{\"notify_shipment_updates\":true}' WHERE slug = 'demo'"));
  now = seeded + 30 * 3600;
  auto delivered = refresh_due_shipments(db, demo, now, refresh_s);
  REQUIRE(delivered);
  CHECK(delivered->changed == 1);
  CHECK(delivered->queued_notice);
  CHECK(status_of(db, "CS1002") == "Delivered");
  CHECK(query_value(db, "SELECT count(*) FROM outbox WHERE status = 'pending'") == "1");
  CHECK(query_value(db, "SELECT m.body FROM outbox o JOIN messages m ON m.id = o.message_id") ==
        "Novedades de tu envío CS1002: fue entregado. ¡Gracias por tu compra!");
  CHECK(query_value(db,
                    "SELECT c.customer_id = s.customer_id FROM outbox o "
                    "JOIN messages m ON m.id = o.message_id "
                    "JOIN conversations c ON c.id = m.conversation_id "
                    "JOIN shipments s ON s.tracking_number = 'CS1002'") == "t");
  REQUIRE(delivered->announce.size() == 2);
  CHECK(delivered->announce[1].type == "message.created");
  // Delivered: never due again.
  auto after = refresh_due_shipments(db, demo, now + 86400, refresh_s);
  REQUIRE(after);
  CHECK(after->checked == 0);
}

TEST_CASE("a registered shipment links to the conversation that mentions its number",
          "[actors][tracking][pg]") {
  testkit::test_database database{testkit::db_contents::seeded};
  auto db = database.connect();
  int64_t now = 1739537297;
  providers::demo_tracking demo{[&now] { return now; }};
  // Valentina's conversation mentions the number.
  auto conversation = conversation_of(db, "5215511110003");
  const std::string insert =
      "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body) "
      "SELECT tenant_id, id, 'in', 'customer', 'Mi guía nueva es ZX77001, ¿dónde va?' "
      "FROM conversations WHERE id = " +
      conversation;
  REQUIRE(db.exec(insert.c_str()));
  std::vector<live_event> announce;
  auto tenant = testkit::tenant_id(db, "demo");
  auto applied = register_shipment(db, demo, {tenant, "ZX77001", "", "", ""}, now, announce);
  REQUIRE(applied);
  CHECK(applied->created);
  CHECK(applied->status == "InfoReceived");
  REQUIRE(applied->conversation_id);
  CHECK(std::to_string(*applied->conversation_id) == conversation);
  // Her open ticket is linked too.
  CHECK(query_value(db,
                    "SELECT ticket_id IS NOT NULL FROM shipments WHERE tracking_number = "
                    "'ZX77001'") == "t");
  REQUIRE(announce.size() == 1);
  CHECK(announce[0].type == "shipment.updated");
}

TEST_CASE("a number looked up for a conversation links to it, whoever else mentioned it",
          "[actors][tracking][pg]") {
  testkit::test_database database{testkit::db_contents::seeded};
  auto db = database.connect();
  int64_t now = 1739537297;
  providers::demo_tracking demo{[&now] { return now; }};
  // Valentina's conversation mentions the number last; another customer's asks about it.
  const auto asking = conversation_of(db, "5215511110001");
  const auto mentioning = conversation_of(db, "5215511110003");
  REQUIRE(db.exec(("INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, "
                   "body) SELECT tenant_id, id, 'in', 'customer', '¿Y la guía CS5550001?' "
                   "FROM conversations WHERE id = " +
                   mentioning)
                      .c_str()));
  std::vector<live_event> announce;
  shipment_registration asked{testkit::tenant_id(db, "demo"), "CS5550001", "", "", ""};
  asked.conversation_id = std::stoll(asking);
  auto applied = look_up_shipment(db, demo, asked, false, now, announce);
  REQUIRE(applied);
  CHECK(applied->created);
  REQUIRE(applied->conversation_id);
  CHECK(std::to_string(*applied->conversation_id) == asking);
  CHECK(query_value(db,
                    "SELECT s.customer_id = c.customer_id FROM shipments s JOIN conversations c "
                    "ON c.id = " +
                        asking + " WHERE s.tracking_number = 'CS5550001'") == "t");
}
