// Channel accounts from the outside: two tenants, two fake Builderbot servers; each tenant's
// replies and approved suggestions leave with its own account's key to its own server only. The
// API manages accounts for admins only, never returns a secret, and the table holds none in
// plaintext; a disabled account's webhooks get 401; a server whose key does not open the stored
// secrets refuses to start and names the account.
#include <catch2/catch.hpp>

#include <set>

#include "tests/server/two_tenants.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;

namespace {

bool only_contents(const fake_builderbot& fake, const std::set<std::string>& want) {
  std::set<std::string> got;
  for (const auto& s : fake.received()) got.insert(s.content);
  return got == want;
}

}  // namespace

TEST_CASE("each tenant's replies and approved suggestions reach only its own Builderbot",
          "[server][pg][channels]") {
  two_tenants t;
  auto patch = t.call(
      "PATCH", "/api/v1/channel-accounts/" + t.account_id("builderbot_whatsapp_admin"), t.admin,
      std::string{R"({"credentials":{"api_url":")"} + t.other.url() + R"(","api_key":")" +
          admin_key + R"(","bot_id":")" + admin_bot + R"("}})");
  REQUIRE(patch.status == 200);
  CHECK_FALSE(contains(patch.body, admin_key));

  REQUIRE(t.call("POST", "/api/v1/conversations/" + t.conversation("demo") + "/messages", t.agent,
                 R"({"text":"respuesta demo"})")
              .status == 201);
  REQUIRE(t.call("POST", "/api/v1/conversations/" + t.conversation("admin") + "/messages", t.admin,
                 R"({"text":"respuesta admin"})")
              .status == 201);
  t.approve_suggestion("demo", "sugerencia demo", t.agent);
  t.approve_suggestion("admin", "sugerencia admin", t.admin);

  CHECK(wait_for_value(t.sql, "SELECT count(*) FROM outbox WHERE status = 'sent'", "4") == "4");
  CHECK(only_contents(t.demo, {"respuesta demo", "sugerencia demo"}));
  CHECK(only_contents(t.other, {"respuesta admin", "sugerencia admin"}));
  t.check_keys_kept_apart();
  for (const auto& s : t.other.received()) CHECK(contains(s.target, admin_bot));

  // Disabled, the admin tenant's line sends nothing more: its row fails with the reason.
  REQUIRE(t.call("PATCH", "/api/v1/channel-accounts/" + t.account_id("builderbot_whatsapp_admin"),
                 t.admin, R"({"enabled":false})")
              .status == 200);
  REQUIRE(t.call("POST", "/api/v1/conversations/" + t.conversation("admin") + "/messages", t.admin,
                 R"({"text":"tras desactivar"})")
              .status == 201);
  CHECK(wait_for_value(t.sql,
                       "SELECT status FROM outbox WHERE payload->>'content' = 'tras desactivar'",
                       "failed") == "failed");
  CHECK(contains(
      t.value("SELECT last_error FROM outbox WHERE payload->>'content' = 'tras desactivar'"),
      "disabled"));
  CHECK(t.other.received().size() == 2);
}

TEST_CASE(
    "the channel accounts API: admins only, tenant-scoped, secrets never returned or stored "
    "in plaintext, disabled accounts refused at the webhook",
    "[server][pg][channels]") {
  two_tenants t;
  const std::string secret = "plain-secret-XYZ-9876";
  auto created = t.call("POST", "/api/v1/channel-accounts", t.supervisor,
                        R"({"provider":"builderbot","name":"Línea 2","account_key":"bb_linea_2",)"
                        R"("credentials":{"api_key":")" +
                            secret + R"(","bot_id":"bot-2","api_url":"http://127.0.0.1:9"}})");
  REQUIRE(created.status == 201);
  CHECK_FALSE(contains(created.body, secret));
  auto doc = parse_json(created.body);
  CHECK(doc["secrets"]["api_key"]["set"].GetBool());
  CHECK(std::string{doc["secrets"]["api_key"]["last4"].GetString()} == "9876");
  CHECK(std::string{doc["config"]["bot_id"].GetString()} == "bot-2");
  CHECK(contains(doc["webhook_url"].GetString(), "/webhooks/builderbot/whatsapp?key=bb_linea_2"));
  const std::string id = std::to_string(doc["id"].GetInt64());

  auto list = t.call("GET", "/api/v1/channel-accounts", t.supervisor);
  REQUIRE(list.status == 200);
  CHECK(contains(list.body, "bb_linea_2"));
  CHECK(contains(list.body, "builderbot_whatsapp_main"));
  CHECK_FALSE(contains(list.body, secret));
  CHECK_FALSE(contains(list.body, demo_key));
  CHECK_FALSE(contains(list.body, "dev_elevenlabs_secret"));
  CHECK_FALSE(contains(list.body, "builderbot_whatsapp_admin"));

  // Nothing in the database holds a secret in plaintext: not the accounts, not the audit log.
  for (const char* table : {"channel_accounts", "audit_log"}) {
    const std::string q = std::string{"SELECT count(*) FROM "} + table + " x WHERE x::text LIKE '%";
    CHECK(t.value(q + secret + "%'") == "0");
    CHECK(t.value(q + demo_key + "%'") == "0");
    CHECK(t.value(q + "dev_elevenlabs_secret%'") == "0");
    CHECK(t.value(q + "dev_whatsapp_app_secret%'") == "0");
  }
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'channel_account.created' AND "
                "entity_id = '" +
                id + "'") == "1");

  // Roles and tenants.
  CHECK(t.call("GET", "/api/v1/channel-accounts", t.agent).status == 403);
  CHECK(
      t.call("POST", "/api/v1/channel-accounts", t.agent, R"({"provider":"builderbot","name":"x"})")
          .status == 403);
  CHECK(t.call("PATCH", "/api/v1/channel-accounts/" + id, t.agent, R"({"enabled":false})").status ==
        403);
  CHECK(t.call("GET", "/api/v1/channel-accounts/" + id, t.admin).status == 404);
  CHECK(t.call("PATCH", "/api/v1/channel-accounts/" + id, t.admin, R"({"enabled":false})").status ==
        404);
  CHECK(t.call("POST", "/api/v1/channel-accounts/" + id + "/test", t.admin).status == 404);
  CHECK(t.call("GET", "/api/v1/channel-accounts/abc", t.supervisor).status == 404);

  // Bad input changes nothing.
  const auto before = t.value("SELECT count(*) FROM channel_accounts");
  CHECK(t.call("POST", "/api/v1/channel-accounts", t.supervisor, R"({"provider":"fax","name":"x"})")
            .status == 400);
  CHECK(t.call("POST", "/api/v1/channel-accounts", t.supervisor,
               R"({"provider":"builderbot","name":"x","credentials":{"app_secret":"s"}})")
            .status == 400);
  CHECK(t.call("POST", "/api/v1/channel-accounts", t.supervisor,
               R"({"provider":"builderbot","name":"x","credentials":{"api_url":"ftp://x"}})")
            .status == 400);
  CHECK(t.call("POST", "/api/v1/channel-accounts", t.supervisor,
               R"({"provider":"builderbot","name":"dup","account_key":"bb_linea_2"})")
            .status == 409);
  CHECK(t.call("PATCH", "/api/v1/channel-accounts/" + id, t.supervisor, R"({"account_key":"x"})")
            .status == 400);
  CHECK(t.value("SELECT count(*) FROM channel_accounts") == before);

  // Its webhook is accepted while enabled, refused once disabled.
  http_connection gateway{"127.0.0.1", t.server.gateway_port()};
  auto hook = [&](const std::string& text) {
    return gateway.request("POST", std::string{builderbot_path} + "?key=bb_linea_2",
                           incoming_body("5215500000042", text),
                           {{"Content-Type", "application/json"}});
  };
  CHECK(hook("hola línea 2").status == 200);
  auto off =
      t.call("PATCH", "/api/v1/channel-accounts/" + id, t.supervisor, R"({"enabled":false})");
  REQUIRE(off.status == 200);
  CHECK_FALSE(parse_json(off.body)["enabled"].GetBool());
  CHECK(hook("hola otra vez").status == 401);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'channel_account.disabled' AND "
                "entity_id = '" +
                id + "'") == "1");

  // A secret set to "" is cleared; a new one shows its new last 4 only.
  auto cleared = t.call("PATCH", "/api/v1/channel-accounts/" + id, t.supervisor,
                        R"({"credentials":{"api_key":"another-secret-5555"}})");
  REQUIRE(cleared.status == 200);
  CHECK(std::string{parse_json(cleared.body)["secrets"]["api_key"]["last4"].GetString()} == "5555");
  CHECK_FALSE(contains(cleared.body, "another-secret"));
}

TEST_CASE("credentials tests: the fake accepts its own key and the result is kept on the account",
          "[server][pg][channels]") {
  two_tenants t;
  const auto id = t.account_id("builderbot_whatsapp_main");
  auto ok = t.call("POST", "/api/v1/channel-accounts/" + id + "/test", t.supervisor);
  REQUIRE(ok.status == 200);
  auto shown = t.call("GET", "/api/v1/channel-accounts/" + id, t.supervisor);
  CHECK(parse_json(shown.body)["last_check"].IsObject());
  // The admin tenant's line has no key: the test says so without calling anyone.
  auto none = t.call(
      "POST", "/api/v1/channel-accounts/" + t.account_id("builderbot_whatsapp_admin") + "/test",
      t.admin);
  REQUIRE(none.status == 200);
  CHECK_FALSE(parse_json(none.body)["ok"].GetBool());
  CHECK(contains(none.body, "api_key is not set"));
}

TEST_CASE(
    "a server whose key does not open the stored secrets refuses to start, naming the "
    "account",
    "[server][pg][channels]") {
  test_database db{db_contents::seeded};
  try {
    server_process server{db.url(), {{"CENTRALITA_SECRET_KEY", std::string(64, 'e')}}};
    FAIL("the server started with the wrong key");
  } catch (const std::runtime_error& e) {
    const std::string log = e.what();
    CHECK(contains(log, "channel account elevenlabs_calls_main"));
    CHECK(contains(log, "do not open"));
  }
}
