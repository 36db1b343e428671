// The WhatsApp Cloud 24-hour window from the outside (docs/protocols.md §3): templates synced
// from a fake Graph API, free text refused with 409 window_closed before anything is queued, a
// template sent through the outbox as Graph's "template" message, and an approved suggestion
// outside the window refused the same way.
#include <catch2/catch.hpp>

#include "providers/whatsapp_cloud_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_graph.hpp"

using namespace centralita::testkit;
using centralita::providers::sign_whatsapp_cloud;

namespace {

constexpr const char* token = "EAAG-test-token";
constexpr const char* phone_number_id = "106540352242922";
constexpr const char* waba = "102290129340398";

std::string message_body(const std::string& from, const std::string& wamid,
                         const std::string& text) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{)"
         R"("messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},)"
         R"("contacts":[{"profile":{"name":"Juan Perez"},"wa_id":")" +
         from + R"("}],"messages":[{"from":")" + from + R"(","id":")" + wamid +
         R"(","timestamp":"1739537297","type":"text","text":{"body":")" + text +
         R"("}}]},"field":"messages"}]}]})";
}

constexpr const char* templates = R"([
  {"name":"seguimiento_caso","language":"es","status":"APPROVED","category":"UTILITY","id":"1",
   "components":[{"type":"HEADER","format":"TEXT","text":"Tu caso"},
                 {"type":"BODY","text":"Hola {{1}}, sobre tu caso {{2}}: ¿seguimos?"}]},
  {"name":"promo_enero","language":"es","status":"REJECTED","category":"MARKETING","id":"2",
   "components":[{"type":"BODY","text":"Ofertas"}]}
])";

}  // namespace

TEST_CASE("outside the 24-hour window free text is refused and a template is sent",
          "[server][whatsapp_cloud][pg]") {
  fake_graph graph{token, phone_number_id};
  graph.set_templates(waba, templates);
  test_database db{db_contents::seeded};
  auto sql = db.connect();
  environment_vars env = graph.environment();
  env.push_back({"CENTRALITA_OUTBOX_SWEEP_MS", "100"});
  server_process server{db.url(), env};
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  http_connection api{"127.0.0.1", server.api_port()};
  const auto agent = login(server.api_port(), "agent@demo.com");
  const auto admin = login(server.api_port(), "supervisor@demo.com");
  auto call = [&](const std::string& method, const std::string& target, const std::string& who,
                  const std::string& body = {}) {
    return api.request(method, target, body, bearer(who));
  };

  // The account's business id, then a manual sync (admins only).
  const auto account =
      query_value(sql, "SELECT id FROM channel_accounts WHERE account_key = 'whatsapp_cloud_main'");
  REQUIRE(call("PATCH", "/api/v1/channel-accounts/" + account, admin,
               std::string{R"({"credentials":{"business_account_id":")"} + waba + "\"}}")
              .status == 200);
  CHECK(call("POST", "/api/v1/templates/sync", agent).status == 403);
  auto synced = call("POST", "/api/v1/templates/sync", admin);
  REQUIRE(synced.status == 200);
  CAPTURE(synced.body);
  CHECK(contains(synced.body, R"("templates":2)"));
  CHECK(query_value(sql, "SELECT count(*) FROM message_templates") == "2");

  // A customer writes on WhatsApp Cloud: the window is open for 24 hours.
  const std::string phone = "5215512340001";
  const auto body = message_body(phone, "wamid.WIN1", "Hola, necesito ayuda");
  REQUIRE(
      gateway
          .request("POST", "/webhooks/whatsapp/cloud?key=whatsapp_cloud_main", body,
                   {{"Content-Type", "application/json"},
                    {"X-Hub-Signature-256", sign_whatsapp_cloud(body, "dev_whatsapp_app_secret")}})
          .status == 200);
  const std::string conversation_sql =
      "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE u.phone = "
      "'" +
      phone + "'";
  wait_for_value(sql,
                 "SELECT count(*) FROM messages m JOIN (" + conversation_sql +
                     ") c ON c.id = m.conversation_id",
                 "1");
  const auto cid = query_value(sql, conversation_sql);
  auto open = parse_json(call("GET", "/api/v1/conversations/" + cid, agent).body);
  REQUIRE(open.IsObject());
  CHECK(open["service_window"]["applies"].GetBool());
  CHECK(open["service_window"]["open"].GetBool());

  // 25 hours later: closed. Free text is refused before anything is queued.
  query_value(sql,
              "UPDATE messages SET created_at = now() - interval '25 hours' WHERE "
              "conversation_id = " +
                  cid + " RETURNING 1");
  auto closed = parse_json(call("GET", "/api/v1/conversations/" + cid, agent).body);
  CHECK_FALSE(closed["service_window"]["open"].GetBool());
  const auto outbox_before = query_value(sql, "SELECT count(*) FROM outbox");
  const auto messages_before = query_value(sql, "SELECT count(*) FROM messages");
  auto refused =
      call("POST", "/api/v1/conversations/" + cid + "/messages", agent, R"({"text":"¿Sigues?"})");
  CHECK(refused.status == 409);
  CHECK(contains(refused.body, R"("code":"window_closed")"));
  CHECK(query_value(sql, "SELECT count(*) FROM outbox") == outbox_before);
  CHECK(query_value(sql, "SELECT count(*) FROM messages") == messages_before);

  // An approved suggestion outside the window is refused the same way and stays pending.
  const auto suggestion = query_value(
      sql,
      "INSERT INTO suggestions (tenant_id, conversation_id, text) SELECT tenant_id, id, "
      "'Tu pedido va en camino' FROM conversations WHERE id = " +
          cid + " RETURNING id");
  auto approve = call("POST", "/api/v1/suggestions/" + suggestion + "/approve", agent, "{}");
  CHECK(approve.status == 409);
  CHECK(contains(approve.body, "window_closed"));
  CHECK(query_value(sql, "SELECT status FROM suggestions WHERE id = " + suggestion) == "pending");
  CHECK(query_value(sql, "SELECT count(*) FROM outbox") == outbox_before);

  // The composer's choices: the approved template with its variables filled from the case.
  auto offered = parse_json(call("GET", "/api/v1/conversations/" + cid + "/templates", agent).body);
  REQUIRE(offered.IsObject());
  REQUIRE(offered["templates"].Size() == 2);
  const auto& first = offered["templates"][0];
  CHECK(std::string{first["name"].GetString()} == "seguimiento_caso");
  CHECK(first["variables"].GetInt() == 2);
  CHECK(std::string{first["suggested_variables"][0].GetString()} == "Juan Perez");

  // The template goes through the outbox to Graph as a "template" message.
  auto sent = call("POST", "/api/v1/conversations/" + cid + "/template", agent,
                   R"({"template":"seguimiento_caso","language":"es","variables":["Juan","#7"]})");
  REQUIRE(sent.status == 201);
  CHECK(contains(sent.body, "Hola Juan, sobre tu caso #7: ¿seguimos?"));
  CHECK(wait_for_value(
            sql,
            "SELECT status FROM messages WHERE conversation_id = " + cid + " AND direction = 'out'",
            "sent") == "sent");
  bool delivered = false;
  for (const auto& s : graph.received()) {
    if (s.content == "template:seguimiento_caso:es:Juan|#7" && s.problem.empty()) delivered = true;
  }
  CHECK(delivered);

  // Not approved, the wrong count of values, another tenant, a Builderbot conversation.
  CHECK(call("POST", "/api/v1/conversations/" + cid + "/template", agent,
             R"({"template":"promo_enero","language":"es"})")
            .status == 404);
  CHECK(call("POST", "/api/v1/conversations/" + cid + "/template", agent,
             R"({"template":"seguimiento_caso","language":"es","variables":["x"]})")
            .status == 400);
  CHECK(call("POST", "/api/v1/conversations/" + cid + "/template", agent,
             R"({"template":"seguimiento_caso","language":"es","variables":["a\nb","c"]})")
            .status == 400);
  const auto other = login(server.api_port(), "admin@admin.com");
  CHECK(call("POST", "/api/v1/conversations/" + cid + "/template", other,
             R"({"template":"seguimiento_caso","language":"es","variables":["a","b"]})")
            .status == 404);
  const auto builderbot =
      query_value(sql,
                  "SELECT c.id FROM conversations c JOIN channel_accounts a ON a.id = "
                  "c.channel_account_id WHERE a.provider = 'builderbot' AND c.tenant_id = (SELECT "
                  "tenant_id FROM users WHERE email = 'agent@demo.com') ORDER BY c.id LIMIT 1");
  auto no_window = call("POST", "/api/v1/conversations/" + builderbot + "/template", agent,
                        R"({"template":"seguimiento_caso","language":"es","variables":["a","b"]})");
  CHECK(no_window.status == 409);
  CHECK(contains(no_window.body, "no_service_window"));
  auto bb = parse_json(call("GET", "/api/v1/conversations/" + builderbot, agent).body);
  CHECK_FALSE(bb["service_window"]["applies"].GetBool());
}
