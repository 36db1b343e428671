// Input an attacker would send, from the outside: nothing crashes the server, nothing of one
// tenant reaches another, no raw database error reaches an answer, a control character is a
// 400 naming its field, and a signed webhook cannot be replayed by changing a header.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "providers/whatsapp_cloud_signature.hpp"
#include "tests/server/calls_helpers.hpp"
#include "tests/support/text.hpp"

using namespace centralita::testkit;

namespace {

std::string deep_json(size_t levels) {
  return R"({"email":)" + std::string(levels, '[') + std::string(levels, ']') + "}";
}

struct hostile_fixture {
  server_fixture f;
  centralita::storage::pg_connection sql = f.db.connect();
  http_connection api{"127.0.0.1", f.server.api_port()};
  http_connection gateway{"127.0.0.1", f.server.gateway_port()};
  std::string agent = login(f.server.api_port(), "agent@demo.com");

  http_response call(const std::string& method, const std::string& target,
                     const std::string& body = {}) {
    return api.request(method, target, body, bearer(agent));
  }
  bool alive() { return http_request(f.server.api_port(), "GET", "/healthz").status == 200; }
};

}  // namespace

TEST_CASE("JSON nested past the limit is a 400 on every port, never a crash",
          "[server][hostile][pg]") {
  hostile_fixture t;
  // 500,000 levels in a body just under 1 MiB, unauthenticated, on the API.
  auto deep = t.api.request("POST", "/api/v1/auth/login", deep_json(500000));
  CHECK(deep.status == 400);
  CHECK(contains(deep.body, "too_deep"));
  REQUIRE(t.alive());
  auto hook = post_builderbot(t.gateway, deep_json(500000));
  CHECK(hook.status == 400);
  REQUIRE(t.alive());
  // 65 levels are refused, 64 are parsed (and refused for what they are, not for their depth).
  CHECK(contains(t.api.request("POST", "/api/v1/auth/login", deep_json(64)).body, "too_deep"));
  auto shallow = t.api.request("POST", "/api/v1/auth/login", deep_json(63));
  CHECK(shallow.status == 400);
  CHECK_FALSE(contains(shallow.body, "too_deep"));
  // An authenticated body.
  auto supervisor = login(t.f.server.api_port(), "supervisor@demo.com");
  CHECK(t.api.request("PATCH", "/api/v1/settings", deep_json(100000), bearer(supervisor)).status ==
        400);
  REQUIRE(t.alive());
}

TEST_CASE("a NUL in a webhook is a 400 naming the field, other tenants' traffic is untouched",
          "[server][hostile][pg]") {
  hostile_fixture t;
  auto nul_body = R"({"eventName":"message.incoming","data":{"body":"x\u0000y","name":"A",)"
                  R"("from":"5216600000001"}})";
  auto refused = t.gateway.request("POST", builderbot_path, nul_body,
                                   {{"X-Account-Key", "builderbot_whatsapp_admin"}});
  CHECK(refused.status == 400);
  CHECK(contains(refused.body, "data.body contains a control character"));
  auto named = t.gateway.request(
      "POST", builderbot_path,
      R"({"eventName":"message.incoming","data":{"body":"hola","name":"A\u0000B","from":"52166"}})",
      {{"X-Account-Key", "builderbot_whatsapp_admin"}});
  CHECK(named.status == 400);
  CHECK(contains(named.body, "data.name"));

  // Interleaved with the demo tenant's messages, from many connections at once.
  constexpr int n = 40;
  std::vector<std::future<int>> demo, admin;
  for (int i = 0; i < n; ++i) {
    demo.push_back(std::async(std::launch::async, [&t, i] {
      http_connection c{"127.0.0.1", t.f.server.gateway_port()};
      return post_builderbot(
                 c, incoming_body("52155" + std::to_string(20000000 + i),
                                  "PRIVADO-DEMO-" + std::to_string(i) + " mi tarjeta termina 4242",
                                  "Cliente Demo"))
          .status;
    }));
    if (i % 3 == 0) {
      admin.push_back(std::async(std::launch::async, [&t, i, nul_body] {
        http_connection c{"127.0.0.1", t.f.server.gateway_port()};
        std::string body = nul_body;
        body.replace(body.find("5216600000001"), 13, "52166" + std::to_string(10000000 + i));
        return c
            .request("POST", builderbot_path, body,
                     {{"X-Account-Key", "builderbot_whatsapp_admin"}})
            .status;
      }));
    }
  }
  for (auto& d : demo) CHECK(d.get() == 200);
  for (auto& a : admin) CHECK(a.get() == 400);
  auto admin_token = login(t.f.server.api_port(), "admin@admin.com");
  for (const char* query : {"?limit=200&status=failed", "?limit=200"}) {
    auto events =
        t.api.request("GET", std::string{"/api/v1/events"} + query, {}, bearer(admin_token));
    CHECK(events.status == 200);
    CHECK_FALSE(contains(events.body, "PRIVADO"));
    CHECK_FALSE(contains(events.body, "Cliente Demo"));
    CHECK_FALSE(contains(events.body, "ERROR:"));
  }
  CHECK(wait_for_value(t.sql, "SELECT count(*) FROM messages WHERE body LIKE 'PRIVADO-DEMO-%'",
                       std::to_string(n)) == std::to_string(n));
}

TEST_CASE("control characters in API fields and queries are a 400 naming the field",
          "[server][hostile][pg]") {
  hostile_fixture t;
  // The login limit cannot be sidestepped with a NUL variant of a locked e-mail.
  for (int i = 0; i < 5; ++i) {
    t.api.request("POST", "/api/v1/auth/login",
                  R"({"email":"supervisor@demo.com","password":"wrong"})");
  }
  auto variant = t.api.request("POST", "/api/v1/auth/login",
                               R"({"email":"supervisor@demo.com\u0000zz","password":"admin123"})");
  CHECK(variant.status == 400);
  CHECK(contains(variant.body, "email contains a control character"));

  auto conv = query_value(t.sql,
                          "SELECT min(id) FROM conversations WHERE tenant_id = "
                          "(SELECT id FROM tenants WHERE slug = 'demo')");
  auto reply =
      t.call("POST", "/api/v1/conversations/" + conv + "/messages", R"({"text":"\u0000hola"})");
  CHECK(reply.status == 400);
  CHECK(contains(reply.body, "text contains a control character"));
  CHECK(t.call("POST", "/api/v1/conversations/" + conv + "/messages", R"({"text":"a\u001bb"})")
            .status == 400);
  // Tabs and line breaks are text.
  CHECK(t.call("POST", "/api/v1/conversations/" + conv + "/messages",
               R"({"text":"línea uno\n\tlínea dos"})")
            .status == 201);

  auto supervisor = login(t.f.server.api_port(), "admin@admin.com");
  auto article = t.api.request("POST", "/api/v1/knowledge/articles",
                               R"({"title":"Hola\u0000","body":"texto"})", bearer(supervisor));
  CHECK(article.status == 400);
  CHECK(contains(article.body, "title"));
  auto tags =
      t.api.request("POST", "/api/v1/knowledge/articles",
                    R"({"title":"Hola","body":"texto","tags":["a\u0000"]})", bearer(supervisor));
  CHECK(tags.status == 400);
  CHECK(contains(tags.body, "tags[0]"));
  auto quote = t.call("POST", "/api/v1/quotes",
                      R"({"conversation_id":)" + conv +
                          R"(,"lines":[{"description":"Silla\u0000","quantity":1}]})");
  CHECK(quote.status == 400);
  CHECK(contains(quote.body, "lines[0].description"));

  // Query parameters: decoded, then checked.
  auto q = t.call("GET", "/api/v1/conversations?q=hola%00");
  CHECK(q.status == 400);
  CHECK(contains(q.body, "query parameter q"));
  CHECK(t.call("GET", "/api/v1/conversations?q=%C3%28").status == 400);  // not UTF-8
  CHECK(t.call("GET", "/api/v1/conversations?q=hola%20mundo").status == 200);
}

TEST_CASE("impossible dates in a cursor are a 400, never a database error",
          "[server][hostile][pg]") {
  hostile_fixture t;
  for (const char* time :
       {"2020-13-45T99:99:99.000000Z", "2020-02-30T00:00:00.000000Z", "2021-02-29T00:00:00.000000Z",
        "2020-01-01T24:00:00.000000Z", "2020-01-01T23:60:00.000000Z"}) {
    CAPTURE(time);
    auto r = t.call("GET", std::string{"/api/v1/conversations?cursor=5:"} + time);
    CHECK(r.status == 400);
    CHECK(contains(r.body, "invalid_cursor"));
  }
  CHECK(t.call("GET", "/api/v1/conversations?cursor=5:2024-02-29T23:59:59.999999Z").status == 200);
}

TEST_CASE("the Builderbot webhook refuses text after the JSON, both ports say nosniff",
          "[server][hostile][pg]") {
  hostile_fixture t;
  auto body = incoming_body("5215599990077", "hola");
  CHECK(post_builderbot(t.gateway, body + " trailing").status == 400);
  CHECK(post_builderbot(t.gateway, body + "{}").status == 400);
  auto ok = post_builderbot(t.gateway, body + " \n");
  CHECK(ok.status == 200);
  CHECK(ok.header("x-content-type-options") == "nosniff");
  auto missing = t.gateway.request("GET", "/nothing-here");
  CHECK(missing.header("x-content-type-options") == "nosniff");
  CHECK(t.api.request("GET", "/healthz").header("x-content-type-options") == "nosniff");
}

TEST_CASE("metrics are served on the API port only, behind a token when one is set",
          "[server][hostile][pg]") {
  test_database db{db_contents::seeded};
  {
    server_process open{db.url()};
    CHECK(http_request(open.api_port(), "GET", "/metrics").status == 200);
    CHECK(http_request(open.gateway_port(), "GET", "/metrics").status == 404);
  }
  server_process guarded{db.url(), {{"CENTRALITA_METRICS_TOKEN", "s3cret-metrics-token"}}};
  http_connection api{"127.0.0.1", guarded.api_port()};
  CHECK(api.request("GET", "/metrics").status == 401);
  CHECK(api.request("GET", "/metrics", {}, {{"Authorization", "Bearer wrong"}}).status == 401);
  auto ok = api.request("GET", "/metrics", {}, {{"Authorization", "Bearer s3cret-metrics-token"}});
  CHECK(ok.status == 200);
  CHECK(contains(ok.body, "centralita_"));
}

TEST_CASE("a signed webhook replayed with another Idempotency-Key is still a duplicate",
          "[server][hostile][pg]") {
  calls_fixture c;
  const std::string call = transcription_body("conv_replay_1", "5215512340099", "Llamada");
  const int64_t t = now_s();
  auto sig = centralita::providers::sign_elevenlabs(call, c.secret, t);
  std::vector<std::string> statuses;
  for (const char* key : {"", "replay-1", "replay-2"}) {
    http_headers h{{"X-Account-Key", elevenlabs_key},
                   {"Content-Type", "application/json"},
                   {"ElevenLabs-Signature", sig}};
    if (*key) h.emplace_back("Idempotency-Key", key);
    auto r = c.gateway.request("POST", elevenlabs_path, call, h);
    REQUIRE(r.status == 200);
    statuses.push_back(contains(r.body, "duplicate") ? "duplicate" : "accepted");
  }
  CHECK(statuses == std::vector<std::string>{"accepted", "duplicate", "duplicate"});

  const std::string cloud =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{)"
      R"("messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},)"
      R"("contacts":[{"profile":{"name":"Ana"},"wa_id":"5215512340098"}],"messages":[{)"
      R"("from":"5215512340098","id":"wamid.REPLAY1","timestamp":"1739537297","type":"text",)"
      R"("text":{"body":"hola"}}]},"field":"messages"}]}]})";
  auto cloud_sig = centralita::providers::sign_whatsapp_cloud(cloud, "dev_whatsapp_app_secret");
  statuses.clear();
  for (const char* key : {"", "replay-1", "replay-2"}) {
    http_headers h{{"Content-Type", "application/json"}, {"X-Hub-Signature-256", cloud_sig}};
    if (*key) h.emplace_back("Idempotency-Key", key);
    auto r =
        c.gateway.request("POST", "/webhooks/whatsapp/cloud?key=whatsapp_cloud_main", cloud, h);
    REQUIRE(r.status == 200);
    statuses.push_back(contains(r.body, "duplicate") ? "duplicate" : "accepted");
  }
  CHECK(statuses == std::vector<std::string>{"accepted", "duplicate", "duplicate"});
  CHECK(wait_for_value(c.sql,
                       "SELECT count(*) FROM messages WHERE body = 'hola' AND "
                       "event_id IN (SELECT event_id FROM event_log WHERE provider = "
                       "'whatsapp_cloud')",
                       "1") == "1");
}
