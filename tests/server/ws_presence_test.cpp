// Presence frames on the dashboard WebSocket: a socket's valid `viewing` and `typing` frames
// reach the tenant's other sockets (never another tenant's, never stored), invalid ones are
// dropped, a flood is cut to the rate, and a socket that goes away is announced as left; across
// the nodes of a cluster too.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/api_client.hpp"
#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

// Opens /ws for `token` and makes it live at once (a resume past every stored event).
void open_live(ws_client& ws, uint16_t port, const std::string& token) {
  REQUIRE(ws.connect(port, "/ws?token=" + token) == 101);
  ws.send_text(R"({"type":"resume","after":999999999})");
  std::this_thread::sleep_for(300ms);  // the server subscribes and goes live
}

}  // namespace

TEST_CASE("presence frames reach the tenant's other sockets only, validated and rate-limited",
          "[server][ws][presence][pg]") {
  server_fixture f;
  auto db = f.db.connect();
  const auto port = f.server.api_port();
  const auto agent_id = query_value(db, "SELECT id FROM users WHERE email = 'agent@demo.com'");
  ws_client a, b, other;
  open_live(a, port, login(port, "agent@demo.com"));
  open_live(b, port, login(port, "supervisor@demo.com"));
  open_live(other, port, login(port, "admin@admin.com"));

  a.send_text(R"({"type":"viewing","conversation_id":5})");
  auto seen = wait_frame(b, R"("type":"presence")", 5s);
  REQUIRE(seen);
  CHECK(contains(*seen, R"("kind":"viewing")"));
  CHECK(contains(*seen, R"("conversation_id":5)"));
  CHECK(contains(*seen, R"("user_id":)" + agent_id));
  CHECK_FALSE(contains(*seen, R"("seq")"));  // live-only: not numbered
  CHECK_FALSE(wait_frame(other, R"("type":"presence")", 500ms));
  CHECK_FALSE(wait_frame(a, R"("type":"presence")", 300ms));  // not echoed to the sender
  CHECK(query_value(db, "SELECT count(*) FROM live_events WHERE type = 'presence'") == "0");

  // Unknown types, ids that are not positive numbers, extra keys, non-JSON: dropped.
  for (const char* bad :
       {R"({"type":"shout","conversation_id":5})", R"({"type":"typing","conversation_id":"5"})",
        R"({"type":"typing","conversation_id":5,"x":1})", R"({"type":"typing"})",
        R"({"type":"typing","conversation_id":-3})", R"({"type":"typing","conversation_id":null})",
        "not json"}) {
    a.send_text(bad);
  }
  a.send_text(R"({"type":"typing","conversation_id":77})");
  seen = wait_frame(b, R"("type":"presence")", 5s);
  REQUIRE(seen);
  CHECK(contains(*seen, R"("kind":"typing","conversation_id":77)"));

  // A flood: at most the burst gets through (10 per 5 s, two used above).
  for (int i = 0; i < 40; ++i) a.send_text(R"({"type":"typing","conversation_id":88})");
  int relayed = 0;
  while (auto p = wait_frame(b, R"("type":"presence")", 1500ms)) {
    if (contains(*p, R"("conversation_id":88)")) ++relayed;
  }
  CHECK(relayed >= 1);
  CHECK(relayed <= 8);

  a.close();
  seen = wait_frame(b, R"("type":"presence")", 5s);
  REQUIRE(seen);
  CHECK(contains(*seen, R"("kind":"left")"));
}

TEST_CASE("presence frames reach the tenant's sockets on another node of the cluster",
          "[server][ws][presence][cluster][pg]") {
  test_database db{db_contents::seeded};
  server_process a{db.url()};
  server_process b{db.url()};
  auto conn = db.connect();
  const auto agent_id = query_value(conn, "SELECT id FROM users WHERE email = 'agent@demo.com'");
  ws_client on_a, on_b, other_on_b;
  open_live(on_a, a.api_port(), login(a.api_port(), "agent@demo.com"));
  open_live(on_b, b.api_port(), login(b.api_port(), "supervisor@demo.com"));
  open_live(other_on_b, b.api_port(), login(b.api_port(), "admin@admin.com"));

  on_a.send_text(R"({"type":"typing","conversation_id":5})");
  auto seen = wait_frame(on_b, R"("type":"presence")", 5s);
  REQUIRE(seen);
  CHECK(contains(*seen, R"("kind":"typing","conversation_id":5)"));
  CHECK(contains(*seen, R"("user_id":)" + agent_id));
  CHECK_FALSE(wait_frame(other_on_b, R"("type":"presence")", 500ms));  // never another tenant's
  CHECK_FALSE(wait_frame(on_a, R"("type":"presence")", 300ms));        // nor back to the sender

  on_a.close();
  seen = wait_frame(on_b, R"("type":"presence")", 5s);
  REQUIRE(seen);
  CHECK(contains(*seen, R"("kind":"left")"));
}
