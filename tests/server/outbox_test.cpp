// Outbound sends from the outside: agents' replies go through the outbox to a fake Builderbot
// send API (tests/support/fake_builderbot), through injected failures (500, 429 with
// Retry-After, slow answers, resets, 400, an API that stays down) and a `kill -9` of the server
// mid-send. Every row must end sent exactly once (one 2xx per message at the fake), failed or
// dead, with nothing lost; dead letters are listed and retried through the API.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_builderbot.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

constexpr const char* api_key = "bb-test-key-0001";
constexpr const char* bot_id = "bot-7f3a";

// A seeded server sending to `fake`, with short timeouts and backoff so the tests run quickly.
struct outbox_fixture {
  fake_builderbot fake{api_key, bot_id};
  test_database db{db_contents::seeded};
  centralita::storage::pg_connection sql = db.connect();
  server_process server;
  std::string agent = login(server.api_port(), "agent@demo.com");
  std::string admin = login(server.api_port(), "admin@admin.com");
  http_connection conn{"127.0.0.1", server.api_port()};
  std::string conversation = value(
      "SELECT min(c.id) FROM conversations c JOIN tenants t ON t.id = c.tenant_id "
      "WHERE t.slug = 'demo'");

  explicit outbox_fixture(int max_attempts = 4)
      : server(db.url(), environment(fake, max_attempts)) {}

  static environment_vars environment(const fake_builderbot& f, int max_attempts) {
    environment_vars env = f.environment();
    env.insert(env.end(), {{"CENTRALITA_OUTBOX_BACKOFF_MS", "50"},
                           {"CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "200"},
                           {"CENTRALITA_OUTBOX_SWEEP_MS", "100"},
                           {"CENTRALITA_OUTBOX_MAX_ATTEMPTS", std::to_string(max_attempts)},
                           {"CENTRALITA_OUTBOX_LEASE_S", "3"},
                           {"BUILDERBOT_CONNECT_TIMEOUT_MS", "500"},
                           {"BUILDERBOT_TIMEOUT_MS", "500"}});
    return env;
  }

  std::string value(const std::string& sql_text) { return query_value(sql, sql_text); }

  http_response call(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = {}) {
    return conn.request(method, target, body, bearer(token));
  }

  // Posts an agent's reply (by default to `conversation`); returns the message id.
  std::string reply(const std::string& text, const std::string& to = {}) {
    auto r = call("POST", "/api/v1/conversations/" + (to.empty() ? conversation : to) + "/messages",
                  agent, R"({"text":")" + text + R"("})");
    return created_id(r);
  }

  std::string status_of(const std::string& message_id) {
    return value(
        "SELECT o.status || '/' || m.status FROM outbox o JOIN messages m ON "
        "m.id = o.message_id WHERE m.id = " +
        message_id);
  }
};

// Requests the fake received per content.
std::map<std::string, int> requests(const fake_builderbot& fake) {
  std::map<std::string, int> out;
  for (const auto& s : fake.received()) ++out[s.content];
  return out;
}

}  // namespace

TEST_CASE("an agent's reply reaches Builderbot and the dashboard hears it was sent",
          "[server][outbox][pg]") {
  outbox_fixture t;
  ws_client ws;
  REQUIRE(ws.connect(t.server.api_port(), "/ws?token=" + t.agent) == 101);
  std::this_thread::sleep_for(100ms);  // the server subscribes the socket

  auto id = t.reply("Hola, tu pedido CS1001 va en camino");
  REQUIRE(eventually([&] { return t.fake.delivered().size() == 1; }));
  auto got = t.fake.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].problem.empty());
  CHECK(got[0].content == "Hola, tu pedido CS1001 va en camino");
  CHECK(got[0].number == t.value("SELECT u.phone FROM conversations c JOIN customers u ON "
                                 "u.id = c.customer_id WHERE c.id = " +
                                 t.conversation));
  CHECK(wait_for_value(t.sql, "SELECT status FROM messages WHERE id = " + id, "sent") == "sent");
  CHECK(t.value("SELECT status || ' ' || attempts || ' ' || provider_message_id FROM outbox "
                "WHERE message_id = " +
                id) == "sent 1 bb-1");

  bool heard = false;
  auto until = std::chrono::steady_clock::now() + 10s;
  while (!heard && std::chrono::steady_clock::now() < until) {
    auto frame = ws.read_text(1s);
    if (!frame) continue;
    heard = contains(*frame, R"("type":"message.updated")") &&
            contains(*frame, R"("id":)" + id + ",") && contains(*frame, R"("status":"sent")");
  }
  CHECK(heard);
}

TEST_CASE("in demo mode a reply is delivered locally with a demo id", "[server][outbox][pg]") {
  api_fixture t;
  auto conversation = t.first_id("conversations", "demo");
  auto r = t.call("POST", "/api/v1/conversations/" + conversation + "/messages", t.agent,
                  R"({"text":"demo"})");
  auto id = created_id(r);
  CHECK(wait_for_value(t.sql, "SELECT status FROM messages WHERE id = " + id, "sent") == "sent");
  CHECK(t.value("SELECT status || ' ' || (provider_message_id LIKE 'demo-%') FROM outbox "
                "WHERE message_id = " +
                id) == "sent true");
}

TEST_CASE("failures are retried until sent, refused sends fail and exhausted ones go dead",
          "[server][outbox][pg]") {
  outbox_fixture t{4};
  std::atomic<bool> down_recovers{false};
  t.fake.set_script([&](const fake_send& s) {
    if (s.content == "e500x2" && s.nth <= 2) return fake_answer::http(500);
    if (s.content == "e429" && s.nth == 1) return fake_answer::http(429, {{"Retry-After", "1"}});
    if (s.content == "slow" && s.nth == 1) return fake_answer::slow(1500ms);
    if (s.content == "reset" && s.nth == 1) return fake_answer::reset();
    if (s.content == "bad400") return fake_answer::http(400);
    if (s.content == "down" && !down_recovers) return fake_answer::http(503);
    return fake_answer::ok();
  });
  std::map<std::string, std::string> ids;
  for (const char* text : {"ok", "e500x2", "e429", "slow", "reset", "bad400", "down"}) {
    ids[text] = t.reply(text);
  }
  CHECK(wait_for_value(t.sql, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')",
                       "0", 60s) == "0");

  using counts = std::map<std::string, int>;
  CHECK(t.fake.delivered() ==
        counts{{"ok", 1}, {"e500x2", 1}, {"e429", 1}, {"slow", 1}, {"reset", 1}});
  CHECK(requests(t.fake) == counts{{"ok", 1},
                                   {"e500x2", 3},
                                   {"e429", 2},
                                   {"slow", 2},
                                   {"reset", 2},
                                   {"bad400", 1},
                                   {"down", 4}});
  for (const auto& s : t.fake.received()) CHECK(s.problem.empty());
  for (const char* text : {"ok", "e500x2", "e429", "slow", "reset"}) {
    CAPTURE(text);
    CHECK(t.status_of(ids[text]) == "sent/sent");
  }
  CHECK(t.status_of(ids["bad400"]) == "failed/failed");
  CHECK(t.status_of(ids["down"]) == "dead/dead");
  CHECK(t.value("SELECT attempts || ' ' || last_error FROM outbox WHERE message_id = " +
                ids["down"]) == R"(4 HTTP 503: {"error":"injected"} (after 4 attempts))");

  // Retry-After was honoured: the second request came no sooner than a second later.
  std::vector<std::chrono::steady_clock::time_point> limited;
  for (const auto& s : t.fake.received()) {
    if (s.content == "e429") limited.push_back(s.at);
  }
  REQUIRE(limited.size() == 2);
  CHECK(limited[1] - limited[0] >= 950ms);

  // Every status change was a live event; each failure for good also an outbox.failed.
  CHECK(t.value("SELECT count(*) FROM live_events WHERE type = 'message.updated' AND "
                "data->>'status' = 'sent'") == "5");
  CHECK(t.value("SELECT string_agg(data->>'status', ',' ORDER BY seq) FROM live_events "
                "WHERE type = 'outbox.failed'") == "failed,dead");
  CHECK(t.value("SELECT data->>'id' FROM live_events WHERE type = 'message.updated' AND "
                "data->>'status' = 'dead'") == ids["down"]);

  // The dead letter is visible in the API, tenant-scoped, and retried once.
  auto dead = t.call("GET", "/api/v1/outbox?status=dead", t.agent);
  REQUIRE(dead.status == 200);
  auto d = parse_json(dead.body);
  REQUIRE(d["items"].Size() == 1);
  CHECK(std::to_string(d["items"][0]["message_id"].GetInt64()) == ids["down"]);
  CHECK(std::string{d["items"][0]["status"].GetString()} == "dead");
  CHECK(std::string{d["items"][0]["text"].GetString()} == "down");
  const auto row = std::to_string(d["items"][0]["id"].GetInt64());
  CHECK(parse_json(t.call("GET", "/api/v1/outbox?status=sent", t.agent).body)["items"].Size() == 5);
  CHECK(parse_json(t.call("GET", "/api/v1/outbox", t.admin).body)["items"].Size() == 0);
  CHECK(t.call("GET", "/api/v1/outbox?status=lost", t.agent).status == 400);
  auto foreign = t.call("POST", "/api/v1/outbox/" + row + "/retry", t.admin);
  CHECK(foreign.status == 404);
  CHECK(contains(foreign.body, "outbox_not_found"));

  down_recovers = true;
  auto retried = t.call("POST", "/api/v1/outbox/" + row + "/retry", t.agent);
  REQUIRE(retried.status == 200);
  CHECK(contains(retried.body, R"("status":"pending")"));
  REQUIRE(eventually([&] { return t.fake.delivered().count("down") == 1; }));
  CHECK(wait_for_value(t.sql, "SELECT status FROM messages WHERE id = " + ids["down"], "sent") ==
        "sent");
  CHECK(t.call("POST", "/api/v1/outbox/" + row + "/retry", t.agent).status == 409);
  auto sent_row = t.value("SELECT id FROM outbox WHERE message_id = " + ids["ok"]);
  CHECK(t.call("POST", "/api/v1/outbox/" + sent_row + "/retry", t.agent).status == 409);
  CHECK(t.value("SELECT count(*) || ' ' || min(action) FROM audit_log WHERE "
                "entity_type = 'outbox'") == "1 outbox.retried");
  auto metrics = http_request(t.server.api_port(), "GET", "/metrics").body;
  CHECK(contains(metrics, R"(centralita_outbox_sends_total{outcome="dead"} 1)"));
  CHECK(contains(metrics, R"(centralita_outbox_sends_total{outcome="failed"} 1)"));
  CHECK(contains(metrics, "centralita_outbox_send_seconds_count"));
}

TEST_CASE("a kill -9 mid-send loses nothing and sends nothing twice", "[server][outbox][pg]") {
  outbox_fixture t{50};
  std::atomic<bool> hold{false};
  t.fake.set_script(
      [&](const fake_send&) { return hold ? fake_answer::hold() : fake_answer::ok(); });

  constexpr int before_kill = 5;
  constexpr int in_flight = 15;
  std::vector<std::string> texts;
  for (int i = 0; i < before_kill; ++i) texts.push_back("antes " + std::to_string(i));
  for (int i = 0; i < in_flight; ++i) texts.push_back("durante " + std::to_string(i));

  // Three conversations, so that several sends are in flight at once (each conversation's
  // replies go out one at a time, in order).
  std::vector<std::string> conversations;
  for (int i = 1; i <= 3; ++i) {
    conversations.push_back(t.value(
        "SELECT id FROM conversations WHERE tenant_id = (SELECT id FROM tenants WHERE slug = "
        "'demo') ORDER BY id OFFSET " +
        std::to_string(i - 1) + " LIMIT 1"));
  }
  auto to = [&](int i) { return conversations[static_cast<size_t>(i) % conversations.size()]; };
  for (int i = 0; i < before_kill; ++i) t.reply(texts[i], to(i));
  REQUIRE(wait_for_value(t.sql, "SELECT count(*) FROM outbox WHERE status = 'sent'",
                         std::to_string(before_kill)) == std::to_string(before_kill));
  // Now Builderbot takes requests and never answers: both senders are mid-send when killed.
  hold = true;
  for (int i = before_kill; i < before_kill + in_flight; ++i) t.reply(texts[i], to(i));
  REQUIRE(eventually([&] { return t.fake.holding() >= 2; }));
  t.server.process().kill(SIGKILL);
  t.server.process().wait();
  CHECK(t.value("SELECT count(*) FROM outbox WHERE status = 'sending'") != "0");

  hold = false;
  t.server.restart();
  CHECK(wait_for_value(t.sql, "SELECT count(*) FROM outbox WHERE status = 'sent'",
                       std::to_string(texts.size()), 60s) == std::to_string(texts.size()));
  auto delivered = t.fake.delivered();
  CHECK(delivered.size() == texts.size());
  for (const auto& text : texts) {
    CAPTURE(text);
    CHECK(delivered[text] == 1);
  }
  CHECK(t.value("SELECT count(*) FROM outbox") == std::to_string(texts.size()));
  // And each conversation's replies were answered 2xx in the order they were written.
  std::map<std::string, int> index_of;
  for (size_t i = 0; i < texts.size(); ++i) index_of[texts[i]] = static_cast<int>(i);
  std::map<int, int> answered_upto;  // conversation slot -> last reply index delivered
  for (const auto& s : t.fake.received()) {
    auto i = index_of.at(s.content);
    auto slot = i % 3;
    auto it = answered_upto.find(slot);
    CHECK((it == answered_upto.end() || it->second <= i));
    answered_upto[slot] = i;
  }
  CHECK(t.value("SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'queued'") ==
        "0");
}
