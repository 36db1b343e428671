#include <catch2/catch.hpp>

#include "storage/ai_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;
using namespace centralita::storage;

namespace {

decision_record record_for(pg_connection& db) {
  decision_record d;
  d.tenant_id = testkit::tenant_id(db, "demo");
  d.conversation_id = std::stoll(query_value(
      db, "SELECT min(id) FROM conversations WHERE tenant_id = " + std::to_string(d.tenant_id)));
  d.message_id = std::stoll(query_value(db,
                                        "SELECT min(id) FROM messages WHERE direction = 'in' AND "
                                        "conversation_id = " +
                                            std::to_string(d.conversation_id)));
  d.category = "COMPLAINT";
  d.confidence = 0.9;
  d.risk = "high";
  d.entities_json = "{}";
  d.rule = "policy.high_risk_category";
  d.reason = "test";
  d.action = "ticket";
  d.inputs_json = "{}";
  d.draft = "Lamentamos lo ocurrido.";
  d.open_ticket = true;
  d.ticket_subject = "COMPLAINT · test";
  return d;
}

}  // namespace

TEST_CASE_METHOD(db_fixture, "A message is decided once, however often the decision is applied",
                 "[storage][pg][ai]") {
  auto d = record_for(db);
  auto first = in_transaction(db, [&] { return ai_repo{db}.apply(d); });
  REQUIRE(first);
  CHECK(first->fresh);
  CHECK(first->suggestion_id.has_value());
  auto again = in_transaction(db, [&] { return ai_repo{db}.apply(d); });
  REQUIRE(again);
  CHECK_FALSE(again->fresh);
  CHECK_FALSE(again->suggestion_id.has_value());
  const std::string mid = std::to_string(d.message_id);
  CHECK(query_value(db, "SELECT count(*) FROM ai_decisions WHERE message_id = " + mid) == "1");
  CHECK(query_value(db, "SELECT count(*) FROM suggestions WHERE message_id = " + mid) == "1");
}

TEST_CASE_METHOD(db_fixture, "A batch of decisions is applied in order, each message once",
                 "[storage][pg][ai]") {
  auto first = record_for(db);
  first.open_ticket = false;
  first.action = "suggest";
  auto second = first;
  second.message_id =
      std::stoll(query_value(db, "SELECT min(id) FROM messages WHERE direction = 'in' AND id > " +
                                     std::to_string(first.message_id) +
                                     " AND tenant_id = " + std::to_string(first.tenant_id)));
  second.conversation_id = std::stoll(query_value(
      db, "SELECT conversation_id FROM messages WHERE id = " + std::to_string(second.message_id)));
  second.draft = "Otra respuesta.";
  auto quiet = second;  // the same message again in the same batch
  quiet.draft = "No debe guardarse.";
  auto earlier = first;  // decided before this batch
  REQUIRE(in_transaction(db, [&] { return ai_repo{db}.apply(earlier); }));

  const auto audits_before =
      query_value(db, "SELECT count(*) FROM audit_log WHERE action = 'suggestion.created'");
  auto applied = in_transaction(db, [&] { return ai_repo{db}.apply_all({first, second, quiet}); });
  REQUIRE(applied);
  REQUIRE(applied->size() == 3);
  CHECK_FALSE((*applied)[0].fresh);  // decided before
  CHECK((*applied)[1].fresh);
  CHECK_FALSE((*applied)[2].fresh);  // the first of the two copies wins
  REQUIRE((*applied)[1].suggestion_id.has_value());
  CHECK_FALSE((*applied)[2].suggestion_id.has_value());
  const auto sid = std::to_string(*(*applied)[1].suggestion_id);
  CHECK(query_value(db, "SELECT text FROM suggestions WHERE id = " + sid) == "Otra respuesta.");
  CHECK(query_value(db, "SELECT count(*) FROM suggestions WHERE message_id = " +
                            std::to_string(second.message_id)) == "1");
  CHECK(query_value(db, "SELECT count(*) FROM ai_decisions WHERE message_id = " +
                            std::to_string(second.message_id)) == "1");
  // One audit row for the new suggestion, by the AI, with the row as it was created (a draft
  // it supersedes has its own row, suggestion.superseded).
  CHECK(std::stoi(query_value(
            db, "SELECT count(*) FROM audit_log WHERE action = 'suggestion.created'")) ==
        std::stoi(audits_before) + 1);
  CHECK(query_value(db,
                    "SELECT actor_type || ' ' || action || ' ' || entity_id || ' ' || "
                    "(after->>'text') || ' ' || (actor_user_id IS NULL) FROM audit_log "
                    "WHERE action = 'suggestion.created' ORDER BY id DESC LIMIT 1") ==
        "ai suggestion.created " + sid + " Otra respuesta. true");
  CHECK(in_transaction(db, [&] { return ai_repo{db}.apply_all({}); })->empty());
}

TEST_CASE_METHOD(db_fixture, "A decision reuses the conversation's open ticket",
                 "[storage][pg][ai]") {
  auto d = record_for(db);
  const std::string conv = std::to_string(d.conversation_id);
  auto before = query_value(db, "SELECT count(*) FROM tickets WHERE conversation_id = " + conv);
  auto open = query_value(db,
                          "SELECT count(*) FROM tickets WHERE status IN ('NEW', 'IN_PROGRESS') AND "
                          "conversation_id = " +
                              conv);
  auto applied = in_transaction(db, [&] { return ai_repo{db}.apply(d); });
  REQUIRE(applied);
  auto after = query_value(db, "SELECT count(*) FROM tickets WHERE conversation_id = " + conv);
  if (open == "0") {
    CHECK(applied->ticket_id.has_value());
    CHECK(std::stoi(after) == std::stoi(before) + 1);
  } else {
    CHECK_FALSE(applied->ticket_id.has_value());
    CHECK(after == before);
  }
}

TEST_CASE_METHOD(db_fixture, "Stored AI settings read back as the tenant wrote them",
                 "[storage][pg][ai]") {
  REQUIRE(
      db.exec("UPDATE tenants SET settings = settings || "
              "'{\"ai_mode\":\"AUTOPILOT\",\"confidence_threshold\":0.6,"
              "\"autopilot_categories\":[\"INFO\"],\"high_risk_categories\":5}' "
              "WHERE slug = 'demo'"));
  auto s = ai_repo{db}.settings(demo);
  REQUIRE(s);
  CHECK(s->ai_mode == std::optional<std::string>{"AUTOPILOT"});
  CHECK(s->confidence_threshold == std::optional<std::string>{"0.6"});
  CHECK(s->autopilot_categories == std::optional<std::vector<std::string>>{{"INFO"}});
  CHECK_FALSE(s->high_risk_categories.has_value());  // not an array: the default stays
  CHECK(ai_repo{db}.settings(999999).error().code == errc::not_found);
}

TEST_CASE_METHOD(db_fixture, "A batch opens one ticket per conversation, none where one is open",
                 "[storage][pg][ai]") {
  auto d = record_for(db);
  const std::string conv = std::to_string(d.conversation_id);
  const std::string tenant = std::to_string(d.tenant_id);
  query_value(db, "UPDATE tickets SET status = 'RESOLVED' WHERE conversation_id = " + conv +
                      " AND status IN ('NEW', 'IN_PROGRESS') RETURNING 1");
  auto new_message = [&] {
    return std::stoll(query_value(
        db,
        "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, "
        "status) VALUES (" +
            tenant + ", " + conv + ", 'in', 'customer', 'otra queja', 'received') RETURNING id"));
  };
  auto open_tickets = [&] {
    return query_value(db, "SELECT count(*) FROM tickets WHERE conversation_id = " + conv +
                               " AND status IN ('NEW', 'IN_PROGRESS')");
  };
  // Two complaints of one conversation in one batch: the first opens the ticket.
  auto first = d, second = d;
  first.message_id = new_message();
  second.message_id = new_message();
  auto applied = in_transaction(db, [&] { return ai_repo{db}.apply_all({first, second}); });
  REQUIRE(applied);
  CHECK((*applied)[0].ticket_id.has_value());
  CHECK_FALSE((*applied)[1].ticket_id.has_value());
  CHECK(open_tickets() == "1");
  // A later complaint finds that ticket open.
  auto third = d;
  third.message_id = new_message();
  auto later = in_transaction(db, [&] { return ai_repo{db}.apply(third); });
  REQUIRE(later);
  CHECK(later->fresh);
  CHECK_FALSE(later->ticket_id.has_value());
  CHECK(open_tickets() == "1");
}
