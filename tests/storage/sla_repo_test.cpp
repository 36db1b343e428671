// The SLA check against PostgreSQL with an injected clock: due times of conversations, first
// responses, breaches recorded once, escalation, events and audit; and payload retention.
#include "storage/sla_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/retention.hpp"
#include "storage/tenant_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_contents;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;
using storage::sys_time;

namespace {

std::string value(storage::pg_connection& db, const std::string& sql) {
  auto r = db.exec(sql.c_str());
  REQUIRE(r.ok());
  REQUIRE(r->rows() == 1);
  return r->is_null(0, 0) ? std::string{"NULL"} : r->str(0, 0);
}

void exec(storage::pg_connection& db, const std::string& sql) {
  REQUIRE(db.exec(sql.c_str()).ok());
}

sys_time at(storage::pg_connection& db, const std::string& timestamp) {
  auto r = db.exec("SELECT (extract(epoch FROM $1::timestamptz) * 1000000)::bigint", {timestamp});
  REQUIRE(r.ok());
  return storage::from_epoch_us(r->i64(0, 0));
}

// The breaches check_sla found for one entity.
std::vector<storage::sla_breach> of(const std::vector<storage::sla_breach>& all,
                                    const std::string& type, int64_t id) {
  std::vector<storage::sla_breach> out;
  for (const auto& b : all) {
    if (b.entity_type == type && b.entity_id == id) out.push_back(b);
  }
  return out;
}

// Working hours in UTC, Monday to Friday 9-18, so the test reads in plain UTC times.
constexpr const char* utc_policy =
    R"({"sla":{"first_response_minutes":{"normal":60},"resolution_minutes":{"normal":1440},)"
    R"("business_hours":{"days":["mon","tue","wed","thu","fri"],"start_hour":9,)"
    R"("end_hour":18,"time_zone":"UTC"}}})";

}  // namespace

TEST_CASE_METHOD(db_fixture, "the stored policy is read over the defaults, bad values ignored",
                 "[storage][pg]") {
  storage::sla_repo repo{db};
  auto p = repo.policy(demo);
  REQUIRE(p.ok());
  CHECK(*p == storage::sla_policy{});

  exec(db,
       "UPDATE tenants SET settings = settings || '{\"sla\":{\"first_response_minutes\":"
       "{\"urgent\":5,\"low\":\"x\"},\"business_hours\":{\"days\":[\"sat\",\"sun\"],"
       "\"start_hour\":20,\"end_hour\":3,\"time_zone\":\"Europe/Madrid\"}}}' WHERE id = " +
           std::to_string(demo));
  p = repo.policy(demo);
  REQUIRE(p.ok());
  CHECK(p->target("urgent").first_response_minutes == 5);
  CHECK(p->target("low").first_response_minutes == 240);
  CHECK(p->hours.days == std::array<bool, 7>{false, false, false, false, false, true, true});
  CHECK(p->hours.start_hour == 9);  // 20..3 is no window: both keep their defaults
  CHECK(p->hours.end_hour == 18);
  CHECK(p->hours.time_zone == "Europe/Madrid");
  CHECK(repo.known_time_zone("America/Mexico_City").value());
  CHECK_FALSE(repo.known_time_zone("Mars/Olympus").value());
}

TEST_CASE_METHOD(db_fixture, "a new ticket's due times follow the tenant's policy",
                 "[storage][pg]") {
  // Around the clock, so the due time is exactly the target after creation.
  exec(db,
       "UPDATE tenants SET settings = settings || '{\"sla\":{\"first_response_minutes\":"
       "{\"high\":7},\"resolution_minutes\":{\"high\":90},\"business_hours\":{\"days\":"
       "[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"],\"start_hour\":0,"
       "\"end_hour\":24,\"time_zone\":\"UTC\"}}}' WHERE id = " +
           std::to_string(demo));
  storage::new_ticket t;
  t.subject = "Pedido dañado";
  t.priority = "high";
  auto created = storage::ticket_repo{db}.create(demo, storage::actor{"system", {}}, t);
  REQUIRE(created.ok());
  const std::string id = std::to_string(created->id);
  CHECK(value(db,
              "SELECT extract(epoch FROM first_response_due_at - created_at)::int FROM "
              "tickets WHERE id = " +
                  id) == "420");
  CHECK(value(db,
              "SELECT extract(epoch FROM resolution_due_at - created_at)::int FROM "
              "tickets WHERE id = " +
                  id) == "5400");
}

TEST_CASE_METHOD(db_fixture,
                 "a ticket's breach is recorded once per kind and escalates its priority",
                 "[storage][pg]") {
  storage::new_ticket t;
  t.subject = "Factura duplicada";
  auto created = storage::ticket_repo{db}.create(demo, storage::actor{"system", {}}, t);
  REQUIRE(created.ok());
  REQUIRE(created->priority == "normal");
  const int64_t id = created->id;
  const std::string sid = std::to_string(id);
  exec(db,
       "UPDATE tickets SET first_response_due_at = '2030-01-07T10:00:00Z', "
       "resolution_due_at = '2030-01-07T14:00:00Z' WHERE id = " +
           sid);

  auto before = storage::check_sla(db, at(db, "2030-01-07T09:59:59Z"));
  REQUIRE(before.ok());
  CHECK(of(*before, "ticket", id).empty());

  auto first = storage::check_sla(db, at(db, "2030-01-07T10:00:01Z"));
  REQUIRE(first.ok());
  auto found = of(*first, "ticket", id);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "first_response");
  CHECK(found[0].due_at == "2030-01-07T10:00:00.000000Z");
  CHECK(found[0].breached_at == "2030-01-07T10:00:01.000000Z");
  CHECK(found[0].priority_before == std::optional<std::string>{"normal"});
  CHECK(found[0].priority_after == std::optional<std::string>{"high"});
  CHECK(value(db, "SELECT priority FROM tickets WHERE id = " + sid) == "high");

  // The same breach is never found again, however often the check runs.
  auto again = storage::check_sla(db, at(db, "2030-01-07T11:00:00Z"));
  REQUIRE(again.ok());
  CHECK(of(*again, "ticket", id).empty());
  CHECK(value(db, "SELECT priority FROM tickets WHERE id = " + sid) == "high");

  auto late = storage::check_sla(db, at(db, "2030-01-07T14:30:00Z"));
  REQUIRE(late.ok());
  found = of(*late, "ticket", id);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "resolution");
  CHECK(value(db, "SELECT priority FROM tickets WHERE id = " + sid) == "urgent");
  REQUIRE(storage::check_sla(db, at(db, "2030-01-08T00:00:00Z")).ok());

  CHECK(value(db,
              "SELECT string_agg(kind, ',' ORDER BY kind) FROM sla_breaches WHERE "
              "entity_type = 'ticket' AND entity_id = " +
                  sid) == "first_response,resolution");
  CHECK(value(db,
              "SELECT string_agg(kind || ':' || coalesce(after->>'kind', after->>'priority'),"
              " ',' ORDER BY id) FROM ticket_events WHERE ticket_id = " +
                  sid + " AND kind <> 'created'") ==
        "sla_breached:first_response,priority_changed:high,sla_breached:resolution,"
        "priority_changed:urgent");
  CHECK(value(db,
              "SELECT string_agg(actor_type || ' ' || (before->>'priority') || '>' || "
              "(after->>'priority') || ' ' || (after->>'kind'), ',' ORDER BY id) "
              "FROM audit_log WHERE action = 'sla.breached' AND entity_type = 'ticket' "
              "AND entity_id = '" +
                  sid + "'") == "system normal>high first_response,system high>urgent resolution");
}

TEST_CASE_METHOD(db_fixture, "a resolved ticket or one answered in time is no breach",
                 "[storage][pg]") {
  storage::ticket_repo tickets{db};
  storage::new_ticket t;
  t.subject = "Resuelto";
  auto resolved = tickets.create(demo, storage::actor{"system", {}}, t);
  REQUIRE(resolved.ok());
  storage::ticket_patch done;
  done.status = "RESOLVED";
  REQUIRE(tickets.update(demo, resolved->id, storage::actor{"system", {}}, done).ok());
  exec(db,
       "UPDATE tickets SET first_response_due_at = '2030-01-07T10:00:00Z', "
       "resolution_due_at = '2030-01-07T14:00:00Z' WHERE id = " +
           std::to_string(resolved->id));
  auto r = storage::check_sla(db, at(db, "2030-01-09T00:00:00Z"));
  REQUIRE(r.ok());
  CHECK(of(*r, "ticket", resolved->id).empty());
}

TEST_CASE_METHOD(db_fixture,
                 "conversations get due times in business hours, a sent reply is a first response",
                 "[storage][pg]") {
  const std::string tid = std::to_string(demo);
  exec(db, "UPDATE tenants SET settings = settings || '" + std::string{utc_policy} +
               "' WHERE id = " + tid);
  // Two customers, each with a conversation opened on Friday 17:30 UTC.
  auto open = [&](const std::string& phone) {
    exec(db, "INSERT INTO customers (tenant_id, phone) VALUES (" + tid + ", '" + phone + "')");
    return value(db, "INSERT INTO conversations (tenant_id, customer_id, created_at) SELECT " +
                         tid + ", id, '2030-01-04T17:30:00Z' FROM customers WHERE phone = '" +
                         phone + "' RETURNING id");
  };
  const std::string answered = open("5210000000001");
  const std::string silent = open("5210000000002");
  exec(db,
       "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, "
       "status, created_at) VALUES (" +
           tid + ", " + answered + ", 'out', 'bot', 'Hola', 'sent', '2030-01-04T17:40:00Z')");
  // A reply that never reached the customer does not count.
  exec(db,
       "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, "
       "status, created_at) VALUES (" +
           tid + ", " + silent + ", 'out', 'agent', 'Hola', 'failed', '2030-01-04T17:41:00Z')");

  auto r = storage::check_sla(db, at(db, "2030-01-04T17:45:00Z"));
  REQUIRE(r.ok());
  // Half an hour on Friday, then Monday from 9:00; resolution 24 working hours later.
  CHECK(value(db,
              "SELECT rfc3339(first_response_due_at) || ' ' || rfc3339(resolution_due_at) "
              "FROM conversations WHERE id = " +
                  silent) == "2030-01-07T09:30:00.000000Z 2030-01-09T14:30:00.000000Z");
  CHECK(value(db, "SELECT rfc3339(first_responded_at) FROM conversations WHERE id = " + answered) ==
        "2030-01-04T17:40:00.000000Z");
  CHECK(value(db, "SELECT first_responded_at IS NULL FROM conversations WHERE id = " + silent) ==
        "t");

  r = storage::check_sla(db, at(db, "2030-01-07T09:31:00Z"));
  REQUIRE(r.ok());
  auto found = of(*r, "conversation", std::stoll(silent));
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "first_response");
  CHECK_FALSE(found[0].priority_after);
  CHECK(of(*r, "conversation", std::stoll(answered)).empty());
  CHECK(value(db,
              "SELECT count(*) FROM audit_log WHERE action = 'sla.breached' AND "
              "entity_type = 'conversation' AND entity_id = '" +
                  silent + "'") == "1");
  REQUIRE(storage::check_sla(db, at(db, "2030-01-07T12:00:00Z")).ok());
  CHECK(value(db,
              "SELECT count(*) FROM sla_breaches WHERE entity_type = 'conversation' "
              "AND entity_id = " +
                  silent) == "1");
}

TEST_CASE("retention strips old payloads of processed events only", "[storage][pg]") {
  test_database tdb{db_contents::migrated};
  auto db = tdb.connect();
  auto event = [&](const std::string& key, const std::string& status, int age_days) {
    exec(db,
         "INSERT INTO event_log (event_id, tenant_id, provider, event_name, "
         "idempotency_key, payload, status, received_at, processed_at) VALUES "
         "(gen_random_uuid(), 1, 'builderbot', 'message.incoming', '" +
             key + "', '{\"body\":\"hola\"}', '" + status + "', now() - interval '" +
             std::to_string(age_days) + " days', CASE WHEN '" + status +
             "' IN ('processed', 'ignored') THEN now() - interval '" + std::to_string(age_days) +
             " days' END)");
  };
  event("old-processed", "processed", 40);
  event("old-ignored", "ignored", 31);
  event("new-processed", "processed", 29);
  event("old-failed", "failed", 40);
  event("old-accepted", "accepted", 40);
  const auto now = std::chrono::system_clock::now();

  CHECK(storage::strip_old_payloads(db, now, 0).value() == 0);  // 0 keeps everything
  CHECK(storage::strip_old_payloads(db, now, 30).value() == 2);
  CHECK(value(db,
              "SELECT string_agg(idempotency_key, ',' ORDER BY idempotency_key) FROM "
              "event_log WHERE payload = '" +
                  std::string{storage::stripped_payload} + "'") == "old-ignored,old-processed");
  CHECK(value(db, "SELECT count(*) FROM event_log") == "5");
  CHECK(value(db, "SELECT count(*) FROM event_log WHERE payload = '{\"body\":\"hola\"}'") == "3");
  CHECK(storage::strip_old_payloads(db, now, 30).value() == 0);
}
