#include "storage/ticket_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::test_database;

TEST_CASE("ticket transitions follow the life cycle", "[storage]") {
  using storage::ticket_transition_allowed;
  CHECK(ticket_transition_allowed("NEW", "IN_PROGRESS"));
  CHECK(ticket_transition_allowed("NEW", "RESOLVED"));
  CHECK(ticket_transition_allowed("IN_PROGRESS", "RESOLVED"));
  CHECK(ticket_transition_allowed("RESOLVED", "CLOSED"));
  CHECK(ticket_transition_allowed("RESOLVED", "IN_PROGRESS"));
  CHECK(ticket_transition_allowed("CLOSED", "IN_PROGRESS"));
  CHECK_FALSE(ticket_transition_allowed("NEW", "CLOSED"));
  CHECK_FALSE(ticket_transition_allowed("IN_PROGRESS", "CLOSED"));
  CHECK_FALSE(ticket_transition_allowed("IN_PROGRESS", "NEW"));
  CHECK_FALSE(ticket_transition_allowed("RESOLVED", "NEW"));
  CHECK_FALSE(ticket_transition_allowed("CLOSED", "RESOLVED"));
  CHECK_FALSE(ticket_transition_allowed("CLOSED", "NEW"));
  CHECK(storage::ticket_transitions_from("NEW") == "IN_PROGRESS, RESOLVED");
  CHECK(storage::ticket_transitions_from("CLOSED") == "IN_PROGRESS");
}

TEST_CASE_METHOD(db_fixture,
                 "ticket_repo changes a ticket with its events and audit in one transaction",
                 "[storage][pg]") {
  storage::ticket_repo repo{db};
  auto user = db.exec("SELECT id FROM users WHERE email = 'agent@demo.com'");
  REQUIRE(user.ok());
  const auto who = storage::actor::user(user->i64(0, 0));

  storage::new_ticket t;
  t.subject = "Cambio de dirección";
  t.priority = "urgent";
  auto created = repo.create(demo, who, t);
  REQUIRE(created.ok());
  CHECK(created->status == "NEW");
  CHECK(created->first_response_due_at.has_value());
  CHECK_FALSE(repo.find(admin, created->id).ok());

  storage::ticket_patch close;
  close.status = "CLOSED";
  auto refused = repo.update(demo, created->id, who, close);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == errc::conflict);

  storage::ticket_patch resolve;
  resolve.status = "RESOLVED";
  resolve.set_assignee = true;
  resolve.assignee_id = who.user_id;
  auto resolved = repo.update(demo, created->id, who, resolve);
  REQUIRE(resolved.ok());
  CHECK(resolved->resolved_at.has_value());
  CHECK(resolved->first_responded_at.has_value());
  auto events = repo.events(demo, created->id);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);  // created, status_changed, assignee_changed
  CHECK((*events)[1].kind == "status_changed");
  CHECK((*events)[2].kind == "assignee_changed");
  auto audits = db.exec(
      "SELECT count(*) FROM audit_log WHERE entity_type = 'ticket' AND "
      "entity_id = $1",
      {std::to_string(created->id)});
  REQUIRE(audits.ok());
  CHECK(audits->i64(0, 0) == 2);

  // The same values again change nothing and write nothing.
  REQUIRE(repo.update(demo, created->id, who, resolve).ok());
  CHECK(repo.events(demo, created->id)->size() == 3);
  CHECK(repo.events(admin, created->id).error().code == errc::not_found);
}
