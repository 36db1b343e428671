// WhatsApp Cloud API as a second channel, from the outside: Meta's subscription handshake, signed
// webhooks (valid, forged, redelivered, malformed, several items, delivery receipts), messages
// going through the same pipeline as Builderbot's, and agents' replies to a Cloud conversation
// reaching a fake Graph API with its wire format (a 500 retried, a 400 refused for good).
#include <catch2/catch.hpp>

#include "providers/whatsapp_cloud_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_graph.hpp"

using namespace centralita::testkit;
using centralita::providers::sign_whatsapp_cloud;

namespace {

constexpr const char* path = "/webhooks/whatsapp/cloud";
constexpr const char* key = "whatsapp_cloud_main";
constexpr const char* app_secret = "dev_whatsapp_app_secret";  // the seed's default
constexpr const char* token = "EAAG-test-token";
constexpr const char* phone_number_id = "106540352242922";

// A webhook carrying one text message `wamid` from `from`.
std::string message_body(const std::string& from, const std::string& wamid, const std::string& text,
                         const std::string& name = "Juan Perez") {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{)"
         R"("messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",)"
         R"("phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":")" +
         name + R"("},"wa_id":")" + from + R"("}],"messages":[{"from":")" + from + R"(","id":")" +
         wamid + R"(","timestamp":"1739537297","type":"text","text":{"body":")" + text +
         R"("}}]},"field":"messages"}]}]})";
}

// A webhook carrying one delivery receipt.
std::string receipt_body(const std::string& wamid, const std::string& status,
                         const std::string& to) {
  std::string errors =
      status == "failed" ? R"(,"errors":[{"code":131047,"title":"Re-engagement message"}])" : "";
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{)"
         R"("messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},)"
         R"("statuses":[{"id":")" +
         wamid + R"(","status":")" + status + R"(","timestamp":"1739537300","recipient_id":")" +
         to + "\"" + errors + "}]},\"field\":\"messages\"}]}]}";
}

// A seeded server sending WhatsApp Cloud replies to `graph`, retrying quickly.
struct cloud_fixture {
  fake_graph graph{token, phone_number_id};
  test_database db{db_contents::seeded};
  centralita::storage::pg_connection sql = db.connect();
  server_process server{db.url(), environment(graph)};
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  http_connection api{"127.0.0.1", server.api_port()};
  std::string agent = login(server.api_port(), "agent@demo.com");

  static environment_vars environment(const fake_graph& g) {
    environment_vars env = g.environment();
    env.insert(env.end(), {{"CENTRALITA_OUTBOX_BACKOFF_MS", "50"},
                           {"CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "200"},
                           {"CENTRALITA_OUTBOX_SWEEP_MS", "100"},
                           {"CENTRALITA_OUTBOX_LEASE_S", "3"},
                           {"BUILDERBOT_CONNECT_TIMEOUT_MS", "500"},
                           {"BUILDERBOT_TIMEOUT_MS", "500"},
                           {"WHATSAPP_CLOUD_CONNECT_TIMEOUT_MS", "500"},
                           {"WHATSAPP_CLOUD_TIMEOUT_MS", "1000"}});
    return env;
  }

  http_response post(const std::string& body, const std::string& signature = {},
                     const std::string& content_type = "application/json") {
    return gateway.request(
        "POST", std::string{path} + "?key=" + key, body,
        {{"Content-Type", content_type},
         {"X-Hub-Signature-256",
          signature.empty() ? sign_whatsapp_cloud(body, app_secret) : signature}});
  }

  std::string value(const std::string& sql_text) { return query_value(sql, sql_text); }
  std::string wait(const std::string& sql_text, const std::string& want) {
    return wait_for_value(sql, sql_text, want);
  }

  // The open conversation of the customer with this phone.
  std::string conversation_of(const std::string& phone) {
    return value(
        "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
        "WHERE u.phone = '" +
        phone + "' AND c.status IN ('open', 'pending')");
  }

  // An agent's reply; returns the message id.
  std::string reply(const std::string& conversation, const std::string& text) {
    auto r = api.request("POST", "/api/v1/conversations/" + conversation + "/messages",
                         R"({"text":")" + text + R"("})", bearer(agent));
    return created_id(r);
  }
};

}  // namespace

TEST_CASE("the subscription handshake echoes the challenge only for the account's token",
          "[server][whatsapp_cloud][pg]") {
  test_database db{db_contents::seeded};
  server_process server{db.url()};
  http_connection conn{"127.0.0.1", server.gateway_port()};
  auto get = [&](const std::string& query) {
    return conn.request("GET", std::string{path} + "?" + query);
  };
  auto ok = get(std::string{"key="} + key +
                "&hub.mode=subscribe&hub.verify_token=dev_whatsapp_verify_token"
                "&hub.challenge=1158201444");
  CHECK(ok.status == 200);
  CHECK(ok.body == "1158201444");
  CHECK(ok.header("content-type").rfind("text/plain", 0) == 0);

  auto wrong =
      get(std::string{"key="} + key + "&hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1");
  CHECK(wrong.status == 403);
  CHECK(contains(wrong.body, R"({"error":{"code":"verification_failed")"));
  CHECK(get(std::string{"key="} + key +
            "&hub.mode=unsubscribe&hub.verify_token=dev_whatsapp_verify_token&hub.challenge=1")
            .status == 403);
  CHECK(get("key=nobody&hub.mode=subscribe&hub.verify_token=dev_whatsapp_verify_token"
            "&hub.challenge=1")
            .status == 401);
  // Another provider's key is not a WhatsApp Cloud account.
  CHECK(get("key=builderbot_whatsapp_main&hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")
            .status == 401);
  auto no_challenge = get(std::string{"key="} + key +
                          "&hub.mode=subscribe&hub.verify_token=dev_whatsapp_verify_token");
  CHECK(no_challenge.status == 400);
  CHECK(contains(no_challenge.body, "hub.challenge"));
}

TEST_CASE("signed webhooks: accepted once, forged and malformed refused, stored like Builderbot's",
          "[server][whatsapp_cloud][pg]") {
  cloud_fixture f;
  const std::string phone = "5215512345678";
  auto body = message_body(phone, "wamid.TEST1", "Hola, donde esta mi pedido?");

  auto first = f.post(body);
  CHECK(first.status == 200);
  CHECK(contains(first.body, R"("status":"accepted")"));
  auto again = f.post(body);
  CHECK(contains(again.body, R"("status":"duplicate")"));
  CHECK(contains(again.body, first.body.substr(first.body.find("event_id") + 11, 36)));

  // Forged: another secret, a changed body, no header, a wrong prefix.
  CHECK(f.post(body, sign_whatsapp_cloud(body, "guess")).status == 401);
  auto changed = message_body(phone, "wamid.TEST2", "otro texto");
  CHECK(f.post(changed, sign_whatsapp_cloud(body, app_secret)).status == 401);
  auto unsigned_post = f.gateway.request("POST", std::string{path} + "?key=" + key, body,
                                         {{"Content-Type", "application/json"}});
  CHECK(unsigned_post.status == 401);
  CHECK(contains(unsigned_post.body, "X-Hub-Signature-256"));
  auto sha1 = sign_whatsapp_cloud(body, app_secret).replace(0, 6, "sha1");
  CHECK(f.post(body, sha1).status == 401);
  CHECK(f.post(body, {}, "text/plain").status == 415);

  // Malformed, but correctly signed: 400 naming what is wrong.
  auto bad_json = f.post(R"({"object":)");
  CHECK(bad_json.status == 400);
  CHECK(contains(bad_json.body, "invalid_json"));
  auto no_from = f.post(
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.N","type":"text"}]}}]}]})");
  CHECK(no_from.status == 400);
  CHECK(contains(no_from.body, "entry[0].changes[0].value.messages[0].from"));
  // A change we do not handle is recorded and acknowledged, never processed.
  auto other = f.post(
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}}]}]})");
  CHECK(contains(other.body, R"("status":"ignored")"));

  // The same pipeline as Builderbot: customer by phone, conversation on this channel, message,
  // and the AI's decision.
  CHECK(f.wait("SELECT count(*) FROM messages WHERE body = 'Hola, donde esta mi pedido?'", "1") ==
        "1");
  CHECK(f.value("SELECT name FROM customers WHERE phone = '" + phone + "'") == "Juan Perez");
  auto conversation = f.conversation_of(phone);
  CHECK(f.value("SELECT a.account_key FROM conversations c JOIN channel_accounts a ON a.id = "
                "c.channel_account_id WHERE c.id = " +
                conversation) == key);
  CHECK(f.wait("SELECT count(*) FROM ai_decisions WHERE conversation_id = " + conversation, "1") ==
        "1");
  // The next message joins the open conversation; two in one webhook are two events.
  std::string two =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
      R"("contacts":[{"profile":{"name":"Juan Perez"},"wa_id":"5215512345678"}],"messages":[)"
      R"({"from":"5215512345678","id":"wamid.M2","timestamp":"2","type":"text","text":{"body":"segundo"}},)"
      R"({"from":"5215512345678","id":"wamid.M3","timestamp":"3","type":"text","text":{"body":"tercero"}}]}}]}]})";
  auto both = f.post(two);
  CHECK(contains(both.body, R"("status":"accepted")"));
  CHECK(contains(both.body, R"("event_ids":[")"));
  CHECK(f.wait("SELECT count(*) FROM messages WHERE conversation_id = " + conversation, "3") ==
        "3");
  CHECK(f.value("SELECT string_agg(body, ',' ORDER BY id) FROM messages WHERE conversation_id = " +
                conversation) == "Hola, donde esta mi pedido?,segundo,tercero");
  CHECK(contains(f.post(two).body, R"("status":"duplicate")"));
  CHECK(f.value("SELECT count(*) FROM event_log WHERE provider = 'whatsapp_cloud' AND "
                "status = 'processed'") == "3");
}

TEST_CASE("a customer who writes on the Cloud line after Builderbot is answered on the Cloud line",
          "[server][whatsapp_cloud][pg]") {
  cloud_fixture f;
  // A seeded customer whose conversation came in through Builderbot.
  const std::string phone = "5215511110001";
  auto conversation = f.conversation_of(phone);
  CHECK(f.value("SELECT a.provider FROM conversations c JOIN channel_accounts a ON a.id = "
                "c.channel_account_id WHERE c.id = " +
                conversation) == "builderbot");
  CHECK(contains(f.post(message_body(phone, "wamid.SW1", "ahora por aqui")).body, "accepted"));
  CHECK(f.wait("SELECT count(*) FROM messages WHERE body = 'ahora por aqui'", "1") == "1");
  CHECK(f.conversation_of(phone) == conversation);
  CHECK(f.value("SELECT a.provider FROM conversations c JOIN channel_accounts a ON a.id = "
                "c.channel_account_id WHERE c.id = " +
                conversation) == "whatsapp_cloud");
  f.reply(conversation, "Te respondo por WhatsApp Cloud");
  CHECK(f.wait("SELECT o.provider || '/' || o.status FROM outbox o JOIN messages m ON m.id = "
               "o.message_id WHERE m.body = 'Te respondo por WhatsApp Cloud'",
               "whatsapp_cloud/sent") == "whatsapp_cloud/sent");
}

TEST_CASE("replies to a Cloud conversation reach the Graph API, receipts move their status",
          "[server][whatsapp_cloud][outbox][pg]") {
  cloud_fixture f;
  const std::string phone = "5215599990042";
  // The first attempt of "retry me" meets a 500, "refuse me" a 400; everything else goes.
  f.graph.set_script([](const fake_send& s) {
    if (s.content == "retry me" && s.nth == 1) return fake_answer::http(500);
    if (s.content == "refuse me") return fake_answer::http(400);
    return fake_answer::ok();
  });
  CHECK(contains(f.post(message_body(phone, "wamid.IN1", "Hola")).body, "accepted"));
  CHECK(f.wait("SELECT count(*) FROM messages WHERE body = 'Hola'", "1") == "1");
  auto conversation = f.conversation_of(phone);

  auto reply = f.reply(conversation, "Tu pedido va en camino");
  auto status_of = [&](const std::string& id) {
    return "SELECT o.status || '/' || m.status FROM outbox o JOIN messages m ON m.id = "
           "o.message_id WHERE m.id = " +
           id;
  };
  CHECK(f.wait(status_of(reply), "sent/sent") == "sent/sent");
  auto sent = f.graph.received();
  REQUIRE_FALSE(sent.empty());
  CHECK(sent.back().problem.empty());
  CHECK(sent.back().number == phone);
  CHECK(sent.back().content == "Tu pedido va en camino");
  auto wamid = f.graph.wamids().at("Tu pedido va en camino");
  CHECK(f.value("SELECT provider || ' ' || provider_message_id FROM outbox WHERE message_id = " +
                reply) == "whatsapp_cloud " + wamid);

  // Receipts: delivered, then read; a late "delivered" does not move it back; a redelivery is
  // a duplicate.
  CHECK(contains(f.post(receipt_body(wamid, "delivered", phone)).body, "accepted"));
  CHECK(f.wait(status_of(reply), "sent/delivered") == "sent/delivered");
  CHECK(contains(f.post(receipt_body(wamid, "read", phone)).body, "accepted"));
  CHECK(f.wait(status_of(reply), "sent/read") == "sent/read");
  CHECK(contains(f.post(receipt_body(wamid, "read", phone)).body, "duplicate"));
  // A receipt for a message sent from elsewhere changes nothing and is processed.
  CHECK(contains(f.post(receipt_body("wamid.UNKNOWN", "read", phone)).body, "accepted"));
  CHECK(f.wait("SELECT count(*) FROM event_log WHERE event_name = 'status.read' AND "
               "status = 'processed'",
               "2") == "2");
  CHECK(f.value(status_of(reply)) == "sent/read");

  // A 500 is retried until sent; a 400 is failed at once, never retried.
  auto retried = f.reply(conversation, "retry me");
  CHECK(f.wait(status_of(retried), "sent/sent") == "sent/sent");
  CHECK(f.value("SELECT attempts FROM outbox WHERE message_id = " + retried) == "2");
  auto refused = f.reply(conversation, "refuse me");
  CHECK(f.wait(status_of(refused), "failed/failed") == "failed/failed");
  CHECK(f.value("SELECT attempts FROM outbox WHERE message_id = " + refused) == "1");
  CHECK(contains(f.value("SELECT last_error FROM outbox WHERE message_id = " + refused),
                 "HTTP 400 code 131000"));

  // A delivery that fails after the send marks the message and its outbox row failed.
  auto late = f.reply(conversation, "fuera de ventana");
  CHECK(f.wait(status_of(late), "sent/sent") == "sent/sent");
  auto late_wamid = f.graph.wamids().at("fuera de ventana");
  CHECK(contains(f.post(receipt_body(late_wamid, "failed", phone)).body, "accepted"));
  CHECK(f.wait(status_of(late), "failed/failed") == "failed/failed");
  CHECK(contains(f.value("SELECT last_error FROM outbox WHERE message_id = " + late),
                 "131047 Re-engagement message"));

  // Builderbot conversations still go out through Builderbot (demo mode here), not Graph.
  auto seeded = f.conversation_of("5215511110002");
  auto other = f.reply(seeded, "por builderbot");
  CHECK(f.wait(status_of(other), "sent/sent") == "sent/sent");
  CHECK(f.value("SELECT provider FROM outbox WHERE message_id = " + other) == "builderbot");
  for (const auto& s : f.graph.received()) CHECK(s.content != "por builderbot");
}
