// The event log (with replay), the audit log and the home page's figures, through the API.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita;
using namespace centralita::testkit;

TEST_CASE("logs: events page with a cursor, replay only of failed events, by admins",
          "[server][api][logs]") {
  api_fixture t;
  http_connection gw{"127.0.0.1", t.f.server.gateway_port()};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(
        post_builderbot(gw, incoming_body("5215591000001", "log " + std::to_string(i))).status ==
        200);
  }
  REQUIRE(wait_for_value(t.sql, "SELECT count(*) FROM event_log WHERE status = 'processed'", "3") ==
          "3");
  auto first = t.call("GET", "/api/v1/events?limit=2", t.agent);
  REQUIRE(first.status == 200);
  auto doc = parse_json(first.body);
  REQUIRE(doc["items"].Size() == 2);
  REQUIRE(doc["next_cursor"].IsString());
  auto rest =
      t.call("GET", std::string{"/api/v1/events?limit=2&cursor="} + doc["next_cursor"].GetString(),
             t.agent);
  CHECK(parse_json(rest.body)["items"].Size() == 1);
  CHECK(t.call("GET", "/api/v1/events?cursor=x", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/events?status=lost", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/events", t.admin).body.find("log 0") == std::string::npos);

  std::string id = doc["items"][0]["id"].GetString();
  auto one = t.call("GET", "/api/v1/events/" + id, t.agent);
  REQUIRE(one.status == 200);
  CHECK(contains(one.body, R"("payload")"));
  CHECK(t.call("GET", "/api/v1/events/" + id, t.admin).status == 404);
  CHECK(t.call("GET", "/api/v1/events/not-a-uuid", t.agent).status == 404);

  CHECK(t.call("POST", "/api/v1/events/" + id + "/replay", t.agent).status == 403);
  CHECK(t.call("POST", "/api/v1/events/" + id + "/replay", t.supervisor).status == 409);
  t.value("UPDATE event_log SET status = 'failed', last_error = 'test' WHERE event_id = '" + id +
          "' RETURNING 1");
  auto replayed = t.call("POST", "/api/v1/events/" + id + "/replay", t.supervisor);
  CHECK(replayed.status == 202);
  CHECK(wait_for_value(t.sql, "SELECT status FROM event_log WHERE event_id = '" + id + "'",
                       "processed") == "processed");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'event.replayed' AND entity_id = '" +
                id + "'") == "1");
}

TEST_CASE("logs: the audit log shows who changed what, within the tenant", "[server][api][logs]") {
  api_fixture t;
  auto ticket = t.first_id("tickets", "demo");
  REQUIRE(
      t.call("PATCH", "/api/v1/tickets/" + ticket, t.agent, R"({"priority":"urgent"})").status ==
      200);
  auto r = t.call("GET", "/api/v1/audit?entity_type=ticket&entity_id=" + ticket, t.agent);
  REQUIRE(r.status == 200);
  auto doc = parse_json(r.body);
  REQUIRE(doc["items"].Size() >= 1);
  CHECK(std::string{doc["items"][0]["actor_type"].GetString()} == "user");
  CHECK(doc["items"][0]["after"].IsObject());
  CHECK(parse_json(t.call("GET", "/api/v1/audit?entity_type=ticket&entity_id=" + ticket, t.admin)
                       .body)["items"]
            .Size() == 0);
  CHECK(t.call("GET", "/api/v1/audit?actor_type=robot", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/audit", "").status == 401);
}

TEST_CASE("stats: the home page's figures over the asked hours", "[server][api][logs]") {
  api_fixture t;
  auto r = t.call("GET", "/api/v1/stats?hours=6", t.agent);
  REQUIRE(r.status == 200);
  auto doc = parse_json(r.body);
  CHECK(doc["hours"].GetInt() == 6);
  CHECK(doc["messages_per_hour"].Size() == 6);
  CHECK(doc["totals"]["open_tickets"].IsInt64());
  CHECK(doc["first_response"].HasMember("p50_s"));
  CHECK(t.call("GET", "/api/v1/stats?hours=0", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/stats?hours=abc", t.agent).status == 400);
  CHECK(t.call("GET", "/api/v1/stats", "").status == 401);
}
