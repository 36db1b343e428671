#include "storage/migrations.hpp"

#include <catch2/catch.hpp>

#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_contents;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

namespace {

int64_t scalar(storage::pg_connection& db, const char* sql) {
  auto r = db.exec(sql);
  REQUIRE(r.ok());
  return r->i64(0, 0);
}

}  // namespace

TEST_CASE("migrations apply once, and a second run applies none", "[storage][pg]") {
  test_database tdb{db_contents::empty};
  auto db = tdb.connect();
  auto first = storage::migrate(db);
  REQUIRE(first.ok());
  CHECK(*first == static_cast<int>(storage::all_migrations().size()));
  auto second = storage::migrate(db);
  REQUIRE(second.ok());
  CHECK(*second == 0);
  CHECK(scalar(db, "SELECT count(*) FROM schema_migrations") ==
        static_cast<int64_t>(storage::all_migrations().size()));
}

TEST_CASE("every table of the architecture exists and carries tenant_id", "[storage][pg]") {
  test_database tdb{db_contents::migrated};
  auto db = tdb.connect();
  for (const char* table : {"users",
                            "channel_accounts",
                            "customers",
                            "conversations",
                            "messages",
                            "event_log",
                            "idempotency_keys",
                            "tickets",
                            "ticket_events",
                            "knowledge_articles",
                            "knowledge_chunks",
                            "shipments",
                            "shipment_events",
                            "call_sessions",
                            "suggestions",
                            "ai_decisions",
                            "outbox",
                            "audit_log",
                            "invoices",
                            "quotes",
                            "live_event_batches"}) {
    INFO(table);
    auto r = db.exec(
        "SELECT is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'tenant_id'",
        {std::string{table}});
    REQUIRE(r.ok());
    REQUIRE(r->rows() == 1);
    CHECK(r->str(0, 0) == "NO");
  }
}

TEST_CASE_METHOD(db_fixture, "a row cannot point at another tenant's parent", "[storage][pg]") {
  // A ticket of tenant admin naming a customer of tenant demo violates the composite key.
  auto r = db.exec(
      "INSERT INTO tickets (tenant_id, subject, customer_id) "
      "SELECT (SELECT id FROM tenants WHERE slug = 'admin'), 'cruzado', c.id "
      "FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE t.slug = 'demo' LIMIT 1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().detail == "23503");
}

TEST_CASE_METHOD(db_fixture, "enum columns refuse values outside their set", "[storage][pg]") {
  auto r = db.exec(
      "UPDATE tickets SET status = 'REOPENED' "
      "WHERE id = (SELECT min(id) FROM tickets)");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().detail == "23514");
  auto o =
      db.exec("UPDATE shipments SET status = 'Lost' WHERE id = (SELECT min(id) FROM shipments)");
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().detail == "23514");
}
