// The outbound paths beyond WhatsApp use the credentials of the tenant's own account: two
// tenants, two fake ElevenLabs, two fake AfterShip and two fake OpenAI-compatible servers; the
// demo tenant's accounts are seeded from the environment (the first fake of each pair), the admin
// tenant's get the second fake's URL and key through the API, and no request of one tenant
// reaches the other's server or carries the other's key.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fake_elevenlabs.hpp"
#include "tests/support/fake_openai.hpp"
#include "tests/support/fake_tracking.hpp"

using namespace centralita::testkit;

namespace {

// A seeded server with `env`, and calls as agent@demo.com, supervisor@demo.com (demo admin)
// and admin@admin.com (admin of the other tenant).
struct tenants_with {
  test_database db{db_contents::seeded};
  centralita::storage::pg_connection sql = db.connect();
  server_process server;
  http_connection conn{"127.0.0.1", server.api_port()};
  std::string agent = login(server.api_port(), "agent@demo.com");
  std::string admin = login(server.api_port(), "admin@admin.com");

  explicit tenants_with(const environment_vars& env) : server(db.url(), env) {}
  std::string value(const std::string& q) { return query_value(sql, q); }
  http_response call(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = {}) {
    return conn.request(method, target, body, bearer(token));
  }
  // Creates an account of the admin tenant; its id.
  std::string add_admin_account(const std::string& provider, const std::string& key,
                                const std::string& credentials) {
    auto r = call("POST", "/api/v1/channel-accounts", admin,
                  R"({"provider":")" + provider + R"(","name":"Cuenta admin","account_key":")" +
                      key + R"(","credentials":)" + credentials + "}");
    return created_id(r);
  }
  std::string conversation(const std::string& slug) { return first_id(sql, "conversations", slug); }
};

}  // namespace

TEST_CASE("each tenant's outbound calls go through its own ElevenLabs account",
          "[server][pg][channels][calls]") {
  fake_elevenlabs demo_fake;
  fake_elevenlabs admin_fake;
  tenants_with t{demo_fake.environment()};
  t.add_admin_account("elevenlabs", "elevenlabs_admin",
                      R"({"api_url":")" + admin_fake.url() +
                          R"(","api_key":"xi_admin_key","agent_id":"agent_admin",)"
                          R"("phone_number_id":"phnum_admin"})");

  REQUIRE(
      t.call("POST", "/api/v1/conversations/" + t.conversation("demo") + "/calls", t.agent, "{}")
          .status == 201);
  REQUIRE(
      t.call("POST", "/api/v1/conversations/" + t.conversation("admin") + "/calls", t.admin, "{}")
          .status == 201);

  REQUIRE(demo_fake.received().size() == 1);
  REQUIRE(admin_fake.received().size() == 1);
  CHECK(demo_fake.received()[0].headers.at("xi-api-key") == "xi_test_key");
  CHECK(contains(demo_fake.received()[0].body, "agent_test"));
  CHECK(admin_fake.received()[0].headers.at("xi-api-key") == "xi_admin_key");
  CHECK(contains(admin_fake.received()[0].body, "agent_admin"));
  CHECK(contains(admin_fake.received()[0].body, "phnum_admin"));
  CHECK(t.value("SELECT agent_id FROM call_sessions c JOIN tenants t ON t.id = c.tenant_id "
                "WHERE t.slug = 'admin'") == "agent_admin");

  // Disabled, the admin tenant has no account to call with: refused, nothing sent.
  const auto account = t.value(
      "SELECT id FROM channel_accounts WHERE account_key = "
      "'elevenlabs_admin'");
  REQUIRE(t.call("PATCH", "/api/v1/channel-accounts/" + account, t.admin, R"({"enabled":false})")
              .status == 200);
  auto refused =
      t.call("POST", "/api/v1/conversations/" + t.conversation("admin") + "/calls", t.admin, "{}");
  CHECK(refused.status == 422);
  CHECK(contains(refused.body, "no_call_account"));
  CHECK(admin_fake.received().size() == 1);
  CHECK(demo_fake.received().size() == 1);
}

TEST_CASE("each tenant's tracking look-ups go through its own AfterShip account",
          "[server][pg][channels][tracking]") {
  fake_tracking_api demo_fake{fake_vendor::aftership, "as_demo_key"};
  fake_tracking_api admin_fake{fake_vendor::aftership, "as_admin_key"};
  admin_fake.set(
      "ADM5001",
      {"", "InTransit", {{"2030-03-17T09:00:00Z", "InTransit", "Monterrey, NL", "En camino"}}});
  tenants_with t{{{"TRACKING_PROVIDER", "aftership"},
                  {"AFTERSHIP_API_KEY", "as_demo_key"},
                  {"AFTERSHIP_API_URL", demo_fake.url()},
                  {"CENTRALITA_TRACKING_REFRESH_S", "1"}}};
  t.add_admin_account("aftership", "aftership_admin",
                      R"({"api_url":")" + admin_fake.url() + R"(","api_key":"as_admin_key"})");
  t.value(
      "INSERT INTO shipments (tenant_id, tracking_number) "
      "SELECT id, 'ADM5001' FROM tenants WHERE slug = 'admin' RETURNING id");

  CHECK(wait_for_value(t.sql, "SELECT status FROM shipments WHERE tracking_number = 'ADM5001'",
                       "InTransit") == "InTransit");
  CHECK(eventually([&] { return !demo_fake.received().empty(); }));
  for (const auto& r : admin_fake.received()) {
    CHECK(r.headers.at("as-api-key") == "as_admin_key");
    CHECK_FALSE(contains(r.target + r.body, "CS100"));
  }
  for (const auto& r : demo_fake.received()) {
    CHECK(r.headers.at("as-api-key") == "as_demo_key");
    CHECK_FALSE(contains(r.target + r.body, "ADM5001"));
  }
}

TEST_CASE("each tenant's triage asks its own OpenAI-compatible account",
          "[server][pg][channels][llm]") {
  fake_openai demo_fake{"sk-demo"};
  fake_openai admin_fake{"sk-admin"};
  tenants_with t{demo_fake.environment()};
  t.add_admin_account("openai", "openai_admin",
                      R"({"base_url":")" + admin_fake.base_url() +
                          R"(","api_key":"sk-admin","model":"modelo-admin"})");

  http_connection gateway{"127.0.0.1", t.server.gateway_port()};
  auto hook = [&](const std::string& key, const std::string& from, const std::string& text) {
    return gateway.request("POST", std::string{builderbot_path} + "?key=" + key,
                           incoming_body(from, text), {{"Content-Type", "application/json"}});
  };
  REQUIRE(hook(demo_account_key, "5215500001111", "hola, quiero saber el horario de la tienda")
              .status == 200);
  REQUIRE(hook("builderbot_whatsapp_admin", "5215500002222", "buenas, tienen envíos a Monterrey?")
              .status == 200);

  auto chats = [](const fake_openai& f) {
    std::vector<openai_request> out;
    for (auto& r : f.received()) {
      if (r.endpoint == "chat") out.push_back(r);
    }
    return out;
  };
  CHECK(eventually([&] { return !chats(demo_fake).empty() && !chats(admin_fake).empty(); }));
  for (const auto& r : chats(demo_fake)) {
    CHECK(r.headers.at("authorization") == "Bearer sk-demo");
    CHECK(contains(r.user, "horario"));
    CHECK_FALSE(contains(r.user, "Monterrey"));
  }
  for (const auto& r : chats(admin_fake)) {
    CHECK(r.headers.at("authorization") == "Bearer sk-admin");
    CHECK(r.model == "modelo-admin");
    CHECK(contains(r.user, "Monterrey"));
  }
}
