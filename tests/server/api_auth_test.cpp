// Signing in and tokens, from the outside: login, me, 401s, the login rate limit, and the
// HTTP policy of the API listener (security headers, CORS).
#include <catch2/catch.hpp>

#include <chrono>

#include "net/jwt.hpp"
#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("login answers a token and the user, and me answers the same user", "[server][api][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.api_port()};
  auto r = conn.request("POST", "/api/v1/auth/login", login_body(" Agent@Demo.com", "admin123"));
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  REQUIRE(d.IsObject());
  REQUIRE(d["token"].IsString());
  CHECK(d["expires_at"].GetInt64() > 0);
  const auto& u = d["user"];
  CHECK(std::string{u["email"].GetString()} == "agent@demo.com");
  CHECK(std::string{u["name"].GetString()} == "Sofía Ramírez");
  CHECK(std::string{u["role"].GetString()} == "agent");
  CHECK(std::string{u["tenant"]["slug"].GetString()} == "demo");

  // The token's claims: the tenant and the 12-hour lifetime.
  auto who = centralita::net::verify_jwt(d["token"].GetString(), test_jwt_secret, unix_now());
  REQUIRE(who.ok());
  CHECK(who->tenant_id == u["tenant"]["id"].GetInt64());
  CHECK(who->expires_at - unix_now() > 11 * 3600);

  auto me = conn.request("GET", "/api/v1/me", {}, bearer(d["token"].GetString()));
  REQUIRE(me.status == 200);
  auto m = parse_json(me.body);
  CHECK(m["id"].GetInt64() == u["id"].GetInt64());
  CHECK(std::string{m["tenant"]["slug"].GetString()} == "demo");
  CHECK(std::string{m["role"].GetString()} == "agent");

  auto admin = parse_json(
      conn.request("POST", "/api/v1/auth/login", login_body("admin@admin.com", "admin123")).body);
  CHECK(std::string{admin["user"]["tenant"]["slug"].GetString()} == "admin");
  CHECK(std::string{admin["user"]["role"].GetString()} == "platform");
}

TEST_CASE("a wrong password and an unknown e-mail get the same 401", "[server][api][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.api_port()};
  auto wrong = conn.request("POST", "/api/v1/auth/login", login_body("agent@demo.com", "nope"));
  auto unknown =
      conn.request("POST", "/api/v1/auth/login", login_body("nobody@demo.com", "admin123"));
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.body == unknown.body);
  CHECK(contains(wrong.body, R"("code":"invalid_credentials")"));
}

TEST_CASE("a malformed login body is a 400 naming the field", "[server][api][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.api_port()};
  auto bad = [&](const std::string& body, const std::string& code, const std::string& field) {
    auto r = conn.request("POST", "/api/v1/auth/login", body);
    CAPTURE(body, r.body);
    CHECK(r.status == 400);
    CHECK(contains(r.body, R"("code":")" + code + "\""));
    CHECK(contains(r.body, field));
  };
  bad(R"({"email":)", "invalid_json", "JSON");
  bad("[]", "invalid_body", "object");
  bad(R"({"password":"admin123"})", "missing_field", "email");
  bad(R"({"email":"agent@demo.com"})", "missing_field", "password");
  bad(R"({"email":5,"password":"x"})", "invalid_field", "email");
  bad(R"({"email":"agent@demo.com","password":["x"]})", "invalid_field", "password");
  bad(R"({"email":"","password":"x"})", "invalid_field", "email");
  bad(R"({"email":"agent@demo.com","password":"x","tenant":"admin"})", "unknown_field", "tenant");
}

TEST_CASE("a missing, forged, expired or malformed token is a 401", "[server][api][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.api_port()};
  const auto now = unix_now();
  centralita::net::principal agent{2, 2, "agent", "agent@demo.com", 0};
  auto expired = centralita::net::sign_jwt(agent, test_jwt_secret, now - 13 * 3600, 12 * 3600);
  auto forged = centralita::net::sign_jwt(agent, "not_the_server_secret_0123", now, 3600);
  auto check = [&](const centralita::testkit::http_headers& headers, const std::string& why) {
    for (const char* path : {"/api/v1/me", "/api/v1/conversations", "/api/v1/tickets",
                             "/api/v1/settings", "/api/v1/conversations/1"}) {
      auto r = conn.request("GET", path, {}, headers);
      CAPTURE(why, path, r.body);
      CHECK(r.status == 401);
      CHECK(contains(r.body, R"({"error":{"code":")"));
      CHECK(r.header("www-authenticate") == "Bearer");
    }
  };
  check({}, "no header");
  check(bearer(expired), "expired");
  check(bearer(forged), "forged");
  check(bearer("eyJhbGciOiJIUzI1NiJ9.e30.x"), "garbage");
  check({{"Authorization", "Basic YWdlbnQ6YWRtaW4xMjM="}}, "basic auth");
  check({{"Authorization", "Bearer"}}, "empty bearer");
  auto r = conn.request("GET", "/api/v1/me", {}, bearer(expired));
  CHECK(contains(r.body, "expired"));
  // A valid token still opens the door, so the 401s above were about the tokens.
  CHECK(conn.request("GET", "/api/v1/me", {}, bearer(login(f.server.api_port(), "agent@demo.com")))
            .status == 200);
}

TEST_CASE("failed logins are rate-limited per e-mail and per address", "[server][api][pg]") {
  server_fixture f;
  http_connection conn{"127.0.0.1", f.server.api_port()};
  auto attempt = [&](const std::string& email, const std::string& password) {
    return conn.request("POST", "/api/v1/auth/login", login_body(email, password));
  };
  // Four failures, then a success forgets them: four more are still answered 401.
  for (int i = 0; i < 4; ++i) CHECK(attempt("agent@demo.com", "nope").status == 401);
  CHECK(attempt("agent@demo.com", "admin123").status == 200);
  for (int i = 0; i < 4; ++i) CHECK(attempt("agent@demo.com", "nope").status == 401);
  // The fifth failure in a row is the last one checked; the sixth attempt, even with the right
  // password, waits.
  CHECK(attempt("agent@demo.com", "nope").status == 401);
  auto limited = attempt("agent@demo.com", "admin123");
  CHECK(limited.status == 429);
  CHECK(contains(limited.body, R"("code":"rate_limited")"));
  auto retry = std::stoi(limited.header("retry-after"));
  CHECK(retry >= 1);
  CHECK(retry <= 61);
  // Another user from the same address is not locked out by it...
  CHECK(attempt("supervisor@demo.com", "admin123").status == 200);
  // ...until the address has failed 20 times (9 so far) across e-mails.
  for (int i = 0; i < 11; ++i) {
    CHECK(attempt("guess" + std::to_string(i) + "@demo.com", "nope").status == 401);
  }
  CHECK(attempt("admin@admin.com", "admin123").status == 429);
}

TEST_CASE("API answers carry the security headers, and CORS only for the configured origin",
          "[server][api][pg]") {
  test_database db{db_contents::seeded};
  const std::string origin = "https://panel.example.com";
  server_process server{db.url(), {{"CORS_ORIGIN", origin}}};
  http_connection conn{"127.0.0.1", server.api_port()};
  auto token = login(server.api_port(), "agent@demo.com");

  for (auto r : {conn.request("GET", "/api/v1/conversations", {}, bearer(token)),
                 conn.request("GET", "/api/v1/conversations"),
                 conn.request("GET", "/api/v1/nowhere"), conn.request("DELETE", "/api/v1/me")}) {
    CAPTURE(r.status, r.body);
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("x-frame-options") == "DENY");
    CHECK(r.header("referrer-policy") == "no-referrer");
    CHECK(r.header("cache-control") == "no-store");
    CHECK(r.header("access-control-allow-origin").empty());  // no Origin header sent
  }
  CHECK(conn.request("GET", "/healthz").header("x-frame-options") == "DENY");

  auto allowed = conn.request("OPTIONS", "/api/v1/tickets/1", {},
                              {{"Origin", origin},
                               {"Access-Control-Request-Method", "PATCH"},
                               {"Access-Control-Request-Headers", "authorization,content-type"}});
  CHECK(allowed.status == 204);
  CHECK(allowed.header("access-control-allow-origin") == origin);
  CHECK(contains(allowed.header("access-control-allow-methods"), "PATCH"));
  CHECK(contains(allowed.header("access-control-allow-headers"), "Authorization"));

  auto refused = conn.request(
      "OPTIONS", "/api/v1/tickets/1", {},
      {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "PATCH"}});
  CHECK(refused.status == 403);
  CHECK(refused.header("access-control-allow-origin").empty());

  auto cross = conn.request("GET", "/api/v1/me", {},
                            {{"Origin", origin}, {"Authorization", "Bearer " + token}});
  CHECK(cross.status == 200);
  CHECK(cross.header("access-control-allow-origin") == origin);
  CHECK(contains(cross.header("vary"), "Origin"));
  auto other =
      conn.request("GET", "/api/v1/me", {},
                   {{"Origin", "https://evil.example.com"}, {"Authorization", "Bearer " + token}});
  CHECK(other.header("access-control-allow-origin").empty());
}

TEST_CASE("without CORS_ORIGIN every preflight is refused", "[server][api][pg]") {
  server_fixture f;
  auto r =
      http_request(f.server.api_port(), "OPTIONS", "/api/v1/me", {},
                   {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "GET"}});
  CHECK(r.status == 403);
  CHECK(r.header("access-control-allow-origin").empty());
  // The gateway is not the API: no API policy there.
  CHECK(http_request(f.server.gateway_port(), "GET", "/healthz").header("x-frame-options").empty());
}
