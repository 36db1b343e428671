// A body-hash duplicate is answered `duplicate` and still logged as such, visible from its
// conversation (docs/contract.md §Webhooks): over real HTTP, against a real server process.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

TEST_CASE("a suppressed body-hash duplicate is in the event log and on its conversation",
          "[server][webhook][pg]") {
  api_fixture t;
  http_connection hooks{"127.0.0.1", t.f.server.gateway_port()};
  const auto body = incoming_body("5215500004401", "ok, gracias", "Rep");
  auto first = post_builderbot(hooks, body);
  REQUIRE(contains(first.body, "accepted"));
  const auto original = first.body.substr(first.body.find("event_id") + 11, 36);
  REQUIRE(contains(post_builderbot(hooks, body).body, "duplicate"));
  // A provider's own id seen again is a true redelivery: answered, not logged again.
  const std::string with_id =
      R"({"eventName":"message.incoming","data":{"body":"hola","from":"5215500004401",)"
      R"("message_id":"wamid.SUPP1"}})";
  REQUIRE(contains(post_builderbot(hooks, with_id).body, "accepted"));
  REQUIRE(contains(post_builderbot(hooks, with_id).body, "duplicate"));

  wait_for_value(t.sql, "SELECT count(*) FROM event_log WHERE status = 'duplicate'", "1");
  CHECK(t.value("SELECT count(*) FROM event_log WHERE status = 'duplicate'") == "1");
  CHECK(t.value("SELECT duplicate_of::text FROM event_log WHERE status = 'duplicate'") == original);
  CHECK(contains(t.value("SELECT last_error FROM event_log WHERE status = 'duplicate'"),
                 "within 30 s"));
  wait_for_value(t.sql, "SELECT count(*) FROM messages WHERE event_id = '" + original + "'", "1");
  const auto cid =
      t.value("SELECT conversation_id FROM messages WHERE event_id = '" + original + "'");
  REQUIRE(!cid.empty());

  auto detail = t.call("GET", "/api/v1/conversations/" + cid, t.agent);
  CHECK(contains(detail.body, R"("suppressed_duplicates":1)"));
  auto events =
      t.call("GET", "/api/v1/events?status=duplicate&conversation_id=" + cid, t.supervisor);
  CHECK(events.status == 200);
  CHECK(contains(events.body, R"("duplicate_of":")" + original + "\""));
  CHECK(contains(events.body, R"("status":"duplicate")"));
  // The conversation filter keeps the original too, and nothing of other conversations.
  wait_for_value(t.sql, "SELECT count(*) FROM messages WHERE body = 'hola'", "1");
  auto all = parse_json(t.call("GET", "/api/v1/events?conversation_id=" + cid, t.agent).body);
  REQUIRE(all.IsObject());
  CHECK(all["items"].Size() == 3);  // the original, its duplicate, the message with an id
  // Another tenant sees none of it.
  auto other = parse_json(t.call("GET", "/api/v1/events?conversation_id=" + cid, t.admin).body);
  CHECK(other["items"].Size() == 0);
  CHECK(t.call("GET", "/api/v1/events?conversation_id=x", t.agent).status == 400);
}
