// Idle conversation actors stop (passivation) and come back on the next event, losing nothing.
#include <catch2/catch.hpp>

#include <regex>
#include <thread>

#include "tests/support/server_fixture.hpp"

using namespace centralita::testkit;

namespace {
// The live conversation actors, as /metrics reports them.
int live_conversations(uint16_t api_port) {
  auto body = http_request(api_port, "GET", "/metrics").body;
  std::smatch m;
  static const std::regex gauge{R"(centralita_conversation_actors ([0-9]+))"};
  return std::regex_search(body, m, gauge) ? std::stoi(m[1]) : -1;
}

bool wait_for_live(uint16_t api_port, int want) {
  for (int i = 0; i < 100; ++i) {
    if (live_conversations(api_port) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}
}  // namespace

TEST_CASE("idle conversation actors stop and the next event brings them back",
          "[server][actors][pg]") {
  test_database db{db_contents::seeded};
  server_process server{db.url(), {{"CENTRALITA_CONVERSATION_IDLE_S", "1"}}};
  auto conn_db = db.connect();
  http_connection conn{"127.0.0.1", server.gateway_port()};

  CHECK(post_builderbot(conn, incoming_body("5215511112222", "primero")).status == 200);
  CHECK(post_builderbot(conn, incoming_body("5215511113333", "otro cliente")).status == 200);
  CHECK(wait_for_live(server.api_port(), 2));
  // Idle for more than a second: both stop.
  CHECK(wait_for_live(server.api_port(), 0));

  CHECK(post_builderbot(conn, incoming_body("5215511112222", "segundo")).status == 200);
  CHECK(wait_for_value(conn_db,
                       "SELECT string_agg(m.body, ',' ORDER BY m.id) FROM messages m JOIN "
                       "conversations c ON c.id = m.conversation_id JOIN customers u ON u.id = "
                       "c.customer_id WHERE u.phone = '5215511112222'",
                       "primero,segundo") == "primero,segundo");
  CHECK(query_value(conn_db,
                    "SELECT count(*) FROM conversations c JOIN customers u ON u.id = "
                    "c.customer_id WHERE u.phone = '5215511112222'") == "1");
}
