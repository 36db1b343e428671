// The dashboard WebSocket from the outside: live message events, resume after a reconnect,
// tokens, and tenant isolation, against a real server process and PostgreSQL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/api_client.hpp"
#include "tests/support/json_compact.hpp"
#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

// A server with a connection to its database and its webhook port, and the demo agent's token.
struct agent_on_server : server_fixture {
  centralita::storage::pg_connection store = db.connect();
  http_connection gw{"127.0.0.1", server.gateway_port()};
  std::string token = login(server.api_port(), "agent@demo.com");
};

// Opens /ws for `token` and waits until the server has subscribed it.
void open_socket(ws_client& ws, uint16_t port, const std::string& token) {
  REQUIRE(ws.connect(port, "/ws?token=" + token) == 101);
  std::this_thread::sleep_for(100ms);
}

}  // namespace

TEST_CASE("a new webhook message reaches a socket live, and resume replays the missed ones",
          "[server][ws][pg]") {
  agent_on_server f;

  ws_client ws;
  open_socket(ws, f.server.api_port(), f.token);
  REQUIRE(post_builderbot(f.gw, incoming_body("5215566660001", "wslive uno")).status == 200);
  auto frame = wait_frame(ws, "wslive uno");
  REQUIRE(frame);
  // Live from the bus, or read back from the store (jsonb text): the same JSON either way.
  *frame = compact_json(*frame);
  CHECK(contains(*frame, R"("type":"message.created")"));
  CHECK(contains(*frame, R"("direction":"in")"));
  auto last = seq_of(*frame);
  CHECK(last > 0);
  ws.close();

  for (auto text : {"wsmissed 1", "wsmissed 2", "wsmissed 3"}) {
    REQUIRE(post_builderbot(f.gw, incoming_body("5215566660001", text)).status == 200);
  }
  CHECK(wait_for_value(f.store,
                       "SELECT count(*) FROM live_events WHERE data->>'text' LIKE 'wsmissed%'",
                       "3") == "3");

  // Every event numbered after `last` (the messages, and what the AI pipeline did with them)
  // is replayed once, in order, and the three messages are among them in their order.
  std::string stored = "SELECT count(*) FROM live_events WHERE seq > " + std::to_string(last) +
                       " AND tenant_id = (SELECT id FROM tenants WHERE slug = 'demo')";
  auto settled = query_value(f.store, stored);
  for (int i = 0; i < 20; ++i) {  // the pipeline's events trail the messages a little
    std::this_thread::sleep_for(200ms);
    auto now = query_value(f.store, stored);
    if (now == settled) break;
    settled = now;
  }
  ws_client again;
  open_socket(again, f.server.api_port(), f.token);
  again.send_text(R"({"type":"resume","after":)" + std::to_string(last) + "}");
  std::vector<std::string> got;
  while (auto f2 = again.read_text(1500ms)) got.push_back(*f2);
  REQUIRE(got.size() >= static_cast<size_t>(std::stoi(settled)));
  int next_missed = 1;
  for (size_t i = 0; i < got.size(); ++i) {
    CHECK(seq_of(got[i]) == last + static_cast<int64_t>(i) + 1);
    if (contains(got[i], R"("type":"message.created")") &&
        contains(got[i], "wsmissed " + std::to_string(next_missed))) {
      ++next_missed;
    }
  }
  CHECK(next_missed == 4);

  // Live frames keep flowing after the replay, without a gap.
  REQUIRE(post_builderbot(f.gw, incoming_body("5215566660001", "wslive dos")).status == 200);
  auto seq = seq_of(got.back());
  for (;;) {
    auto live = again.read_text(5000ms);
    REQUIRE(live);
    CHECK(seq_of(*live) == ++seq);
    if (contains(*live, "wslive dos")) break;
  }
}

TEST_CASE("a resume asked in the upgrade (?after=N) is replayed however late the client is",
          "[server][ws][pg]") {
  agent_on_server f;
  for (auto text : {"wsurl 1", "wsurl 2"}) {
    REQUIRE(post_builderbot(f.gw, incoming_body("5215566660003", text)).status == 200);
  }
  CHECK(wait_for_value(f.store,
                       "SELECT count(*) FROM live_events WHERE data->>'text' LIKE 'wsurl%'",
                       "2") == "2");

  // The client says nothing after the upgrade, for longer than a first message is awaited
  // (a slow link): the replay comes anyway, from the first event on.
  ws_client ws;
  REQUIRE(ws.connect(f.server.api_port(), "/ws?token=" + f.token + "&after=1") == 101);
  std::this_thread::sleep_for(1s);
  std::vector<std::string> got;
  while (auto frame = ws.read_text(1500ms)) got.push_back(*frame);
  REQUIRE(got.size() >= 2);
  for (size_t i = 0; i < got.size(); ++i) CHECK(seq_of(got[i]) == static_cast<int64_t>(i) + 2);
  CHECK(std::count_if(got.begin(), got.end(),
                      [](const std::string& f) { return contains(f, "wsurl 2"); }) >= 1);

  // Anything but a positive whole number is refused before the upgrade.
  for (auto bad : {"0", "-3", "x", "1e3", "99999999999999999999"}) {
    ws_client refused;
    CHECK(refused.connect(f.server.api_port(), "/ws?token=" + f.token + "&after=" + bad) == 400);
  }
}

TEST_CASE("a resume from before the replay window is told to resync, then gets what is kept",
          "[server][ws][pg]") {
  agent_on_server f;
  for (auto text : {"wsold 1", "wsold 2", "wsold 3"}) {
    REQUIRE(post_builderbot(f.gw, incoming_body("5215566660004", text)).status == 200);
    CHECK(wait_for_value(
              f.store,
              std::string{"SELECT count(*) FROM live_events WHERE data->>'text' = '"} + text + "'",
              "1") == "1");
  }
  // Pruned as the window moves on: only the tenant's last batch is kept.
  const std::string demo = "(SELECT id FROM tenants WHERE slug = 'demo')";
  const std::string prune = "DELETE FROM live_event_batches WHERE tenant_id = " + demo +
                            " AND last_seq < (SELECT max(last_seq) FROM live_event_batches "
                            "WHERE tenant_id = " +
                            demo + ")";
  REQUIRE(f.store.exec(prune.c_str()));
  const auto kept = std::stoll(query_value(
      f.store, "SELECT min(first_seq) FROM live_event_batches WHERE tenant_id = " + demo));
  REQUIRE(kept > 2);

  for (bool in_upgrade : {true, false}) {
    CAPTURE(in_upgrade);
    ws_client ws;
    if (in_upgrade) {
      REQUIRE(ws.connect(f.server.api_port(), "/ws?token=" + f.token + "&after=1") == 101);
    } else {
      open_socket(ws, f.server.api_port(), f.token);
      ws.send_text(R"({"type":"resume","after":1})");
    }
    auto first = ws.read_text(5s);
    REQUIRE(first);
    CHECK(*first == R"({"type":"resync","data":{"after":1}})");
    auto next = ws.read_text(5s);
    REQUIRE(next);
    CHECK(seq_of(*next) == kept);
  }
  // A resume within the window gets no resync.
  ws_client within;
  REQUIRE(within.connect(f.server.api_port(),
                         "/ws?token=" + f.token + "&after=" + std::to_string(kept - 1)) == 101);
  auto first = within.read_text(5s);
  REQUIRE(first);
  CHECK(seq_of(*first) == kept);
}

TEST_CASE("the WebSocket refuses a missing or bogus token with 401", "[server][ws][pg]") {
  server_fixture f;
  ws_client bogus;
  CHECK(bogus.connect(f.server.api_port(), "/ws?token=bogus") == 401);
  ws_client missing;
  CHECK(missing.connect(f.server.api_port(), "/ws") == 401);
}

TEST_CASE("events of tenant demo never reach a socket of tenant admin", "[server][ws][pg]") {
  server_fixture f;
  http_connection gw{"127.0.0.1", f.server.gateway_port()};
  ws_client admin, demo;
  open_socket(admin, f.server.api_port(), login(f.server.api_port(), "admin@admin.com"));
  open_socket(demo, f.server.api_port(), login(f.server.api_port(), "supervisor@demo.com"));
  REQUIRE(post_builderbot(gw, incoming_body("5215566660002", "wsdemo only")).status == 200);
  CHECK(wait_frame(demo, "wsdemo only"));
  // The admin's own socket may tell its tenant it is available (presence.changed); nothing of
  // the demo tenant ever arrives.
  while (auto frame = admin.read_text(1000ms)) {
    CAPTURE(*frame);
    CHECK(frame->find("presence.changed") != std::string::npos);
    CHECK(frame->find("wsdemo") == std::string::npos);
  }
  // A resume from 0 replays only the admin tenant's own events (none here).
  ws_client admin2;
  open_socket(admin2, f.server.api_port(), login(f.server.api_port(), "admin@admin.com"));
  admin2.send_text(R"({"type":"resume","after":0})");
  while (auto frame = admin2.read_text(1000ms)) CHECK_FALSE(contains(*frame, "wsdemo"));
}

TEST_CASE("the socket answers pings, closes cleanly and refuses unmasked frames",
          "[server][ws][pg]") {
  server_fixture f;
  auto token = login(f.server.api_port(), "agent@demo.com");
  ws_client ws;
  open_socket(ws, f.server.api_port(), token);
  ws.send_frame(0x9, "hola?");
  auto pong = ws.read_frame(5s);
  REQUIRE(pong);
  CHECK(pong->opcode == 0xA);
  CHECK(pong->payload == "hola?");
  // A close is answered with the same code, then the server ends the connection.
  ws.send_frame(0x8, std::string("\x03\xe8", 2));
  auto close = ws.read_frame(5s);
  REQUIRE(close);
  CHECK(close->opcode == 0x8);
  CHECK(close->payload == std::string("\x03\xe8", 2));
  CHECK_FALSE(ws.read_frame(5s));

  ws_client bad;
  open_socket(bad, f.server.api_port(), token);
  bad.send_frame(0x1, R"({"type":"resume","after":0})", false);
  auto refused = bad.read_frame(5s);
  REQUIRE(refused);
  CHECK(refused->opcode == 0x8);
  CHECK(refused->payload == std::string("\x03\xea", 2));  // 1002, protocol error
}

TEST_CASE("a close with a code no peer may send, or text that is not UTF-8, fails the socket",
          "[server][ws][pg]") {
  server_fixture f;
  auto token = login(f.server.api_port(), "agent@demo.com");
  // The code the server closes with, after `frame` from the client.
  auto closed_with = [&](uint8_t opcode, const std::string& payload) {
    ws_client ws;
    open_socket(ws, f.server.api_port(), token);
    ws.send_frame(opcode, payload);
    auto close = ws.read_frame(5s);
    REQUIRE(close);
    REQUIRE(close->opcode == 0x8);
    return close->payload.substr(0, 2);
  };
  const std::string protocol_error("\x03\xea", 2), bad_payload("\x03\xef", 2);
  CHECK(closed_with(0x8, std::string("\x03\xe7", 2)) == protocol_error);      // 999
  CHECK(closed_with(0x8, std::string("\x03\xed", 2)) == protocol_error);      // 1005, reserved
  CHECK(closed_with(0x8, std::string("\x13\x88", 2)) == protocol_error);      // 5000
  CHECK(closed_with(0x8, std::string("\x03", 1)) == protocol_error);          // half a code
  CHECK(closed_with(0x8, std::string("\x03\xe8\xff", 3)) == protocol_error);  // reason not UTF-8
  CHECK(closed_with(0x8, std::string("\x0f\xa0", 2)) == std::string("\x0f\xa0", 2));  // 4000
  CHECK(closed_with(0x1, "\xc3\x28") == bad_payload);
  CHECK(closed_with(0x1, "\xed\xa0\x80") == bad_payload);  // a surrogate
}

TEST_CASE("a socket that stops reading is closed and the others get every event",
          "[server][ws][pg]") {
  server_fixture f;
  auto token = login(f.server.api_port(), "agent@demo.com");
  ws_client fast, stuck;
  open_socket(fast, f.server.api_port(), token);
  // A small receive window that nobody reads: the server's queue for it overflows.
  REQUIRE(stuck.connect(f.server.api_port(), "/ws?token=" + token, 5s, 4096) == 101);
  std::this_thread::sleep_for(100ms);

  constexpr int messages = 600;
  std::atomic<int> received{0};
  std::thread reader{[&] {
    int next = 0;
    while (next < messages) {
      auto frame = fast.read_text(30s);
      if (!frame) return;
      if (contains(*frame, R"("type":"message.created")") &&
          contains(*frame, "wsslow " + std::to_string(next) + " ")) {
        ++next;
        received = next;
      }
    }
  }};
  http_connection gw{"127.0.0.1", f.server.gateway_port()};
  // About 1.5 KB per event: more than the stuck socket's buffers and its queue can hold.
  const std::string filler(1000, 'x');
  for (int i = 0; i < messages; ++i) {
    REQUIRE(post_builderbot(
                gw, incoming_body("5215566660009", "wsslow " + std::to_string(i) + " " + filler))
                .status == 200);
  }
  reader.join();
  CHECK(received == messages);  // every message, in order, on the socket that reads

  // The stuck socket got a part of them, then a close (1008, policy): never all of them.
  int seen = 0;
  bool closed = false;
  while (auto frame = stuck.read_frame(5s)) {
    if (frame->opcode == 0x8) {
      closed = true;
      CHECK(frame->payload == std::string("\x03\xf0", 2));
      break;
    }
    if (contains(frame->payload, R"("type":"message.created")") &&
        contains(frame->payload, "wsslow "))
      ++seen;
  }
  CHECK(closed);
  CHECK(seen < messages);
}
