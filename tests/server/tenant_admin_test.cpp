// Tenants from the outside: only the platform operator lists, creates and suspends them; a new
// tenant's first admin sets a password by link; a suspended tenant's users cannot sign in,
// their tokens and sockets end, its webhooks answer 403, and nothing of it is deleted.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;

TEST_CASE("only the platform operator reaches the tenants routes", "[server][api][tenants][pg]") {
  api_fixture t;
  const auto demo = t.value("SELECT id FROM tenants WHERE slug = 'demo'");
  for (const auto* token : {&t.agent, &t.supervisor}) {
    CHECK(t.call("GET", "/api/v1/tenants", *token).status == 403);
    CHECK(t.call("POST", "/api/v1/tenants", *token,
                 R"({"slug":"x","name":"X","admin":{"name":"A","email":"a@x.com"}})")
              .status == 403);
    CHECK(t.call("PATCH", "/api/v1/tenants/" + demo, *token, R"({"suspended":true})").status ==
          403);
  }
  auto list = t.call("GET", "/api/v1/tenants", t.admin);
  REQUIRE(list.status == 200);
  auto d = parse_json(list.body);
  REQUIRE(d["items"].Size() == 2);
  for (const auto& item : d["items"].GetArray()) {
    CHECK_FALSE(item["suspended"].GetBool());
    CHECK(item["active_users"].GetInt64() >= 1);
  }
  CHECK(t.call("PATCH", "/api/v1/tenants/999999", t.admin, R"({"suspended":true})").status == 404);
  const auto own = t.value("SELECT id FROM tenants WHERE slug = 'admin'");
  CHECK(t.call("PATCH", "/api/v1/tenants/" + own, t.admin, R"({"suspended":true})").status == 409);
}

TEST_CASE("the operator creates a tenant whose first admin sets a password and signs in",
          "[server][api][tenants][pg]") {
  api_fixture t;
  auto r = t.call("POST", "/api/v1/tenants", t.admin,
                  R"({"slug":"acme","name":"Acme S.A.","admin":{"name":"Ana Admin",)"
                  R"("email":"ana@acme.com"}})");
  REQUIRE(r.status == 201);
  auto d = parse_json(r.body);
  CHECK(std::string{d["tenant"]["slug"].GetString()} == "acme");
  CHECK(std::string{d["admin"]["role"].GetString()} == "admin");
  std::string url = d["set_password_url"].GetString();
  auto token = url.substr(url.find("token=") + 6);
  REQUIRE(t.call("POST", "/api/v1/auth/set-password", "",
                 R"({"token":")" + token + R"(","password":"Acme-clave-1"})")
              .status == 200);
  auto ana = login(t.port, "ana@acme.com", "Acme-clave-1");
  auto users = t.call("GET", "/api/v1/users", ana);
  REQUIRE(users.status == 200);
  CHECK(parse_json(users.body)["items"].Size() == 1);
  // The new admin manages their own tenant, and not tenants.
  CHECK(t.call("POST", "/api/v1/users", ana,
               R"({"name":"Beto","email":"beto@acme.com","role":"agent"})")
            .status == 201);
  CHECK(t.call("GET", "/api/v1/tenants", ana).status == 403);
  // Duplicates: 409, nothing half-written.
  const auto tenants = t.value("SELECT count(*) FROM tenants");
  auto same_slug = t.call("POST", "/api/v1/tenants", t.admin,
                          R"({"slug":"acme","name":"Otra","admin":{"name":"B",)"
                          R"("email":"b@otra.com"}})");
  CHECK(same_slug.status == 409);
  auto same_email = t.call("POST", "/api/v1/tenants", t.admin,
                           R"({"slug":"otra","name":"Otra","admin":{"name":"B",)"
                           R"("email":"ana@acme.com"}})");
  CHECK(same_email.status == 409);
  CHECK(error_code(same_email) == "email_taken");
  CHECK(t.value("SELECT count(*) FROM tenants") == tenants);
  CHECK(t.value("SELECT count(*) FROM users WHERE email = 'b@otra.com'") == "0");
  CHECK(t.call("POST", "/api/v1/tenants", t.admin,
               R"({"slug":"Bad Slug","name":"X","admin":{"name":"A","email":"a@x.com"}})")
            .status == 400);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'tenant.created'") == "1");
}

TEST_CASE(
    "a suspended tenant's users are signed out and refused, its webhooks answer 403, "
    "and its data stays",
    "[server][api][tenants][ws][webhook][pg]") {
  api_fixture t;
  const auto demo = t.value("SELECT id FROM tenants WHERE slug = 'demo'");
  const auto messages = t.value("SELECT count(*) FROM messages WHERE tenant_id = " + demo);
  ws_client ws;
  REQUIRE(ws.connect(t.port, "/ws?token=" + t.agent) == 101);
  http_connection hooks{"127.0.0.1", t.f.server.gateway_port()};
  CHECK(post_builderbot(hooks, incoming_body("5215599990888", "Hola antes", "Ana")).status == 200);

  auto r = t.call("PATCH", "/api/v1/tenants/" + demo, t.admin, R"({"suspended":true})");
  REQUIRE(r.status == 200);
  CHECK(parse_json(r.body)["suspended"].GetBool());
  CHECK(ws.close_code(std::chrono::seconds(5)) == 4401);
  auto me = t.call("GET", "/api/v1/me", t.supervisor);
  CHECK(me.status == 401);
  CHECK(error_code(me) == "tenant_suspended");
  auto in =
      t.call("POST", "/api/v1/auth/login", "", login_body("supervisor@demo.com", demo_password));
  CHECK(in.status == 401);
  CHECK(error_code(in) == "tenant_suspended");
  auto hook = post_builderbot(hooks, incoming_body("5215599990888", "Hola después", "Ana"));
  CHECK(hook.status == 403);
  // The other tenant goes on.
  CHECK(t.call("GET", "/api/v1/me", t.admin).status == 200);
  CHECK(t.value("SELECT count(*) >= " + messages + " FROM messages WHERE tenant_id = " + demo) ==
        "t");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'tenant.updated' AND "
                "(after->>'suspended')::boolean") == "1");

  REQUIRE(t.call("PATCH", "/api/v1/tenants/" + demo, t.admin, R"({"suspended":false})").status ==
          200);
  CHECK(t.call("GET", "/api/v1/me", t.supervisor).status == 200);
  CHECK(post_builderbot(hooks, incoming_body("5215599990888", "Hola de nuevo", "Ana")).status ==
        200);
}

TEST_CASE("a suspension made through one node holds on another node on the same database",
          "[server][api][tenants][ws][webhook][pg]") {
  api_fixture t;
  server_process other{t.f.db.url()};
  const auto demo = t.value("SELECT id FROM tenants WHERE slug = 'demo'");
  ws_client ws;
  REQUIRE(ws.connect(other.api_port(), "/ws?token=" + t.agent) == 101);
  http_connection hooks{"127.0.0.1", other.gateway_port()};
  CHECK(post_builderbot(hooks, incoming_body("5215599990777", "Hola antes", "Ana")).status == 200);

  REQUIRE(t.call("PATCH", "/api/v1/tenants/" + demo, t.admin, R"({"suspended":true})").status ==
          200);
  // The other node reads the suspension from the database (every tenant_poll): its webhooks
  // answer 403 and its sockets of the tenant close.
  // Polled gently: the account's webhook rate limit must not answer instead.
  auto hook_status = [&](const char* text) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return post_builderbot(hooks, incoming_body("5215599990777", text, "Ana")).status;
  };
  CHECK(eventually([&] { return hook_status("Hola durante") == 403; }));
  CHECK(ws.close_code(std::chrono::seconds(5)) == 4401);
  http_connection other_api{"127.0.0.1", other.api_port()};
  CHECK(other_api.request("GET", "/api/v1/me", "", bearer(t.supervisor)).status == 401);

  REQUIRE(t.call("PATCH", "/api/v1/tenants/" + demo, t.admin, R"({"suspended":false})").status ==
          200);
  CHECK(eventually([&] { return hook_status("Hola después") == 200; }));
}
