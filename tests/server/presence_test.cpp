// Presence that matches reality (docs/architecture.md §Presence): an agent is assigned
// conversations only while switched on with a dashboard socket open; once their last socket has
// been closed for CENTRALITA_PRESENCE_AWAY_S, the next conversation goes to someone else.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;

TEST_CASE("an agent whose last socket closed is away and the next conversation goes to another",
          "[server][presence][pg]") {
  test_database db{db_contents::seeded};
  auto sql = db.connect();
  server_process server{db.url(), {{"CENTRALITA_PRESENCE_AWAY_S", "1"}}};
  http_connection api{"127.0.0.1", server.api_port()};
  http_connection hooks{"127.0.0.1", server.gateway_port()};
  const auto agent = login(server.api_port(), "agent@demo.com");
  const auto supervisor = login(server.api_port(), "supervisor@demo.com");
  const auto agent_id = query_value(sql, "SELECT id FROM users WHERE email = 'agent@demo.com'");
  const auto supervisor_id =
      query_value(sql, "SELECT id FROM users WHERE email = 'supervisor@demo.com'");
  // Nobody else of the tenant is switched on.
  query_value(sql,
              "UPDATE users SET online = false WHERE email NOT IN ('agent@demo.com', "
              "'supervisor@demo.com') RETURNING 1");
  for (const auto& token : {agent, supervisor}) {
    REQUIRE(api.request("PATCH", "/api/v1/me", R"({"online":true})", bearer(token)).status == 200);
  }
  ws_client agent_socket;
  ws_client supervisor_socket;
  REQUIRE(agent_socket.connect(server.api_port(), "/ws?token=" + agent) == 101);
  REQUIRE(supervisor_socket.connect(server.api_port(), "/ws?token=" + supervisor) == 101);

  auto available = [&](const std::string& id) {
    auto r = parse_json(api.request("GET", "/api/v1/presence", {}, bearer(supervisor)).body);
    if (!r.IsObject() || !r.HasMember("items")) return false;
    for (const auto& u : r["items"].GetArray()) {
      if (std::to_string(u["id"].GetInt64()) == id) return u["available"].GetBool();
    }
    return false;
  };
  // Kept available past the away time while the sockets are open (refreshed every third).
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(available(agent_id));
  CHECK(available(supervisor_id));

  // The agent closes the dashboard: away once the away time has passed.
  agent_socket.close();
  CHECK(eventually([&] { return !available(agent_id); }, std::chrono::seconds(10)));
  CHECK(available(supervisor_id));

  // A customer asks for a person: the conversation goes to the supervisor, never the agent.
  for (int i = 0; i < 2; ++i) {
    const auto phone = "52155000077" + std::to_string(10 + i);
    REQUIRE(contains(
        post_builderbot(hooks, incoming_body(phone, "Quiero hablar con una persona, por favor"))
            .body,
        "accepted"));
    const auto assignee_sql =
        "SELECT coalesce(c.assignee_id::text, '') FROM conversations c JOIN customers u ON u.id = "
        "c.customer_id WHERE u.phone = '" +
        phone + "'";
    CHECK(wait_for_value(sql, assignee_sql, supervisor_id) == supervisor_id);
  }

  // Back on the dashboard, the agent is available again.
  ws_client again;
  REQUIRE(again.connect(server.api_port(), "/ws?token=" + agent) == 101);
  CHECK(eventually([&] { return available(agent_id); }, std::chrono::seconds(10)));
}
