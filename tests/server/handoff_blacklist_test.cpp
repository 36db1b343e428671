// A hand-off reaches Builderbot (docs/protocols.md §1c): handing a conversation to people puts
// the customer's number on its own tenant's Builderbot blacklist, handing it back takes it off,
// each call with that tenant's key to that tenant's server only; the calls go through the
// outbox (retried after an outage, parked as failed with the provider's reason when the
// provider refuses the key, which the account then shows).
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/server/two_tenants.hpp"

using namespace centralita::testkit;

namespace {

// The blacklist calls a fake received, as "intent number" in order.
std::vector<std::string> blacklist_calls(const fake_builderbot& fake) {
  std::vector<std::string> out;
  for (const auto& s : fake.received()) {
    if (!s.intent.empty()) out.push_back(s.intent + " " + s.number);
  }
  return out;
}

std::string phone_of(two_tenants& t, const std::string& conversation) {
  return t.value(
      "SELECT u.phone FROM conversations c JOIN customers u ON u.id = c.customer_id "
      "WHERE c.id = " +
      conversation);
}

// How many blacklist calls of the outbox are in `status`.
std::string blacklist_rows_sql(const std::string& status) {
  return "SELECT count(*) FROM outbox WHERE kind = 'blacklist' AND status = '" + status + "'";
}

std::string blacklist_rows(two_tenants& t, const std::string& status) {
  return t.value(blacklist_rows_sql(status));
}

// Hands `conversation` to people (`on` false) or back to the bot, as the user of `token`.
http_response set_bot(two_tenants& t, const std::string& conversation, const std::string& token,
                      bool on) {
  return t.call("PATCH", "/api/v1/conversations/" + conversation, token,
                std::string{R"({"bot_active":)"} + (on ? "true" : "false") + "}");
}

}  // namespace

TEST_CASE("a hand-off and a hand-back reach only the tenant's own Builderbot blacklist",
          "[server][pg][channels][handoff]") {
  two_tenants t;
  t.point_admin_line();
  const auto demo_conv = t.conversation("demo");
  const auto admin_conv = t.conversation("admin");
  const auto demo_phone = phone_of(t, demo_conv);
  const auto admin_phone = phone_of(t, admin_conv);

  REQUIRE(set_bot(t, demo_conv, t.agent, false).status == 200);
  REQUIRE(set_bot(t, admin_conv, t.admin, false).status == 200);
  REQUIRE(set_bot(t, demo_conv, t.agent, true).status == 200);
  CHECK(wait_for_value(t.sql, blacklist_rows_sql("sent"), "3") == "3");

  CHECK(blacklist_calls(t.demo) ==
        std::vector<std::string>{"add " + demo_phone, "remove " + demo_phone});
  CHECK(blacklist_calls(t.other) == std::vector<std::string>{"add " + admin_phone});
  t.check_keys_kept_apart();
  for (const auto& s : t.other.received())
    CHECK(s.target == std::string{"/api/v2/"} + admin_bot + "/blacklist");

  // The outbox API shows them as blacklist calls of their conversation, to its tenant only.
  auto listed = t.call("GET", "/api/v1/outbox?status=sent", t.admin);
  REQUIRE(listed.status == 200);
  auto doc = parse_json(listed.body);
  REQUIRE(doc["items"].Size() == 1);
  CHECK(std::string{doc["items"][0]["kind"].GetString()} == "blacklist");
  CHECK(std::string{doc["items"][0]["intent"].GetString()} == "add");
  CHECK(doc["items"][0]["message_id"].IsNull());
  CHECK(std::to_string(doc["items"][0]["conversation_id"].GetInt64()) == admin_conv);

  // No change of bot_active, no call.
  REQUIRE(t.call("PATCH", "/api/v1/conversations/" + admin_conv, t.admin, R"({"status":"pending"})")
              .status == 200);
  CHECK(t.value("SELECT count(*) FROM outbox WHERE kind = 'blacklist'") == "3");
}

TEST_CASE("the AI's hand-off puts the number on the blacklist too",
          "[server][pg][channels][handoff]") {
  two_tenants t;
  REQUIRE(t.call("PATCH", "/api/v1/settings", t.supervisor, R"({"ai_mode":"AUTOPILOT"})").status ==
          200);
  http_connection gateway{"127.0.0.1", t.server.gateway_port()};
  const std::string phone = "5215590000077";
  REQUIRE(post_builderbot(gateway, incoming_body(phone,
                                                 "quiero hablar con un agente humano por "
                                                 "favor"))
              .status == 200);
  CHECK(wait_for_value(t.sql,
                       "SELECT count(*) FROM outbox WHERE kind = 'blacklist' AND status = 'sent' "
                       "AND payload->>'number' = '" +
                           phone + "' AND payload->>'intent' = 'add'",
                       "1") == "1");
  auto calls = blacklist_calls(t.demo);
  CHECK(std::count(calls.begin(), calls.end(), "add " + phone) == 1);
}

TEST_CASE(
    "a blacklist call survives a Builderbot outage, and a refused key is parked as failed and "
    "shown on the account",
    "[server][pg][channels][handoff]") {
  two_tenants t;
  const auto conv = t.conversation("demo");
  // Two 503s, then the call goes through.
  t.demo.set_script(
      [](const fake_send& s) { return s.nth <= 2 ? fake_answer::http(503) : fake_answer::ok(); });
  REQUIRE(set_bot(t, conv, t.agent, false).status == 200);
  CHECK(wait_for_value(t.sql,
                       "SELECT status || ' ' || attempts FROM outbox WHERE kind = "
                       "'blacklist'",
                       "sent 3") == "sent 3");

  // The key is refused: the row fails for good with the provider's reason, the account shows it.
  t.demo.set_script([](const fake_send&) { return fake_answer::http(401); });
  REQUIRE(set_bot(t, conv, t.agent, true).status == 200);
  CHECK(wait_for_value(t.sql, blacklist_rows_sql("failed"), "1") == "1");
  CHECK(contains(t.value("SELECT last_error FROM outbox WHERE status = 'failed'"), "HTTP 401"));
  CHECK(blacklist_rows(t, "failed") == "1");
  auto account =
      t.call("GET", "/api/v1/channel-accounts/" + t.account_id(demo_account_key), t.supervisor);
  REQUIRE(account.status == 200);
  auto doc = parse_json(account.body);
  REQUIRE(doc["last_check"].IsObject());
  CHECK_FALSE(doc["last_check"]["ok"].GetBool());
  CHECK(contains(doc["last_check"]["message"].GetString(), "HTTP 401"));

  // Retried by a person once the key is right again, it goes out.
  t.demo.set_script([](const fake_send&) { return fake_answer::ok(); });
  const auto row = t.value("SELECT id FROM outbox WHERE status = 'failed'");
  REQUIRE(t.call("POST", "/api/v1/outbox/" + row + "/retry", t.agent, "{}").status == 200);
  CHECK(wait_for_value(t.sql, "SELECT status FROM outbox WHERE id = " + row, "sent") == "sent");
}
