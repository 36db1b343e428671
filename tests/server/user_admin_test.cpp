// A tenant's people from the outside: invitations and set-password links, role and capacity,
// deactivation ending tokens and sockets at once, one's own password, signing out everywhere,
// and the audit rows; 403 for agents, 404 for another tenant's ids, 409 for an e-mail in use.
#include <catch2/catch.hpp>

#include <chrono>

#include "tests/server/api_helpers.hpp"
#include "tests/support/ws_client.hpp"

using namespace centralita::testkit;

namespace {

// The token of a set_password_url (`.../set-password?token=<hex>`).
std::string link_token(const rapidjson::Document& d) {
  std::string url = d["set_password_url"].GetString();
  return url.substr(url.find("token=") + 6);
}

std::string invite_body(const std::string& email, const std::string& role = "agent") {
  return R"({"name":"Nueva Persona","email":")" + email + R"(","role":")" + role + R"("})";
}

// Invites `email` as the demo supervisor; the answer's user and set-password link.
rapidjson::Document invite(api_fixture& t, const std::string& email) {
  auto r = t.call("POST", "/api/v1/users", t.supervisor, invite_body(email));
  REQUIRE(r.status == 201);
  return parse_json(r.body);
}

}  // namespace

TEST_CASE("an admin invites a user who sets a password by link and signs in",
          "[server][api][users][pg]") {
  api_fixture t;
  auto d = invite(t, " Nueva@Demo.com ");
  CHECK(std::string{d["user"]["email"].GetString()} == "nueva@demo.com");
  CHECK(std::string{d["user"]["role"].GetString()} == "agent");
  CHECK(d["user"]["active"].GetBool());
  CHECK(contains(d["set_password_url"].GetString(), "/set-password?token="));
  const auto token = link_token(d);
  const auto id = std::to_string(d["user"]["id"].GetInt64());

  // Only the link's hash is stored, and the audit row holds neither it nor a password.
  CHECK(t.value("SELECT count(*) FROM password_tokens WHERE token_hash = '" + token + "'") == "0");
  CHECK(t.value("SELECT count(*) FROM password_tokens WHERE user_id = " + id) == "1");
  CHECK(t.value("SELECT after->>'email' FROM audit_log WHERE action = 'user.invited' AND "
                "entity_id = '" +
                id + "'") == "nueva@demo.com");

  // No password yet: signing in fails like a wrong password.
  CHECK(
      t.call("POST", "/api/v1/auth/login", "", login_body("nueva@demo.com", "whatever1")).status ==
      401);
  auto weak = t.call("POST", "/api/v1/auth/set-password", "",
                     R"({"token":")" + token + R"(","password":"short"})");
  CHECK(weak.status == 400);
  auto set = t.call("POST", "/api/v1/auth/set-password", "",
                    R"({"token":")" + token + R"(","password":"Un4-clave-larga!"})");
  REQUIRE(set.status == 200);
  // Single use.
  auto again = t.call("POST", "/api/v1/auth/set-password", "",
                      R"({"token":")" + token + R"(","password":"Otra-clave-larga"})");
  CHECK(again.status == 400);
  CHECK(error_code(again) == "invalid_link");
  CHECK(t.call("POST", "/api/v1/auth/set-password", "",
               R"({"token":"0123","password":"Otra-clave-larga"})")
            .status == 400);

  auto in =
      t.call("POST", "/api/v1/auth/login", "", login_body("nueva@demo.com", "Un4-clave-larga!"));
  REQUIRE(in.status == 200);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'user.password_set' AND before IS "
                "NULL AND after IS NULL AND entity_id = '" +
                id + "'") == "1");
}

TEST_CASE("an expired link is refused", "[server][api][users][pg]") {
  api_fixture t;
  auto token = link_token(invite(t, "tarde@demo.com"));
  t.value("UPDATE password_tokens SET expires_at = now() - interval '1 second' RETURNING 1");
  auto set = t.call("POST", "/api/v1/auth/set-password", "",
                    R"({"token":")" + token + R"(","password":"Un4-clave-larga!"})");
  CHECK(set.status == 400);
  CHECK(error_code(set) == "invalid_link");
}

TEST_CASE("user administration refuses agents, other tenants' ids, duplicates and bad input",
          "[server][api][users][pg]") {
  api_fixture t;
  const auto before = t.value("SELECT count(*) FROM users");
  // An agent: 403, for inviting and for changing.
  CHECK(t.call("POST", "/api/v1/users", t.agent, invite_body("x@demo.com")).status == 403);
  const auto agent_id = t.user_id("agent@demo.com");
  CHECK(t.call("PATCH", "/api/v1/users/" + agent_id, t.agent, R"({"role":"admin"})").status == 403);
  // Another tenant's user: 404.
  const auto operator_id = t.user_id("admin@admin.com");
  CHECK(
      t.call("PATCH", "/api/v1/users/" + operator_id, t.supervisor, R"({"active":false})").status ==
      404);
  CHECK(t.call("PATCH", "/api/v1/users/999999", t.supervisor, R"({"active":false})").status == 404);
  CHECK(t.call("PATCH", "/api/v1/users/abc", t.supervisor, R"({"active":false})").status == 404);
  // An e-mail in use (in any tenant): 409, nothing written.
  auto dup = t.call("POST", "/api/v1/users", t.supervisor, invite_body("Admin@admin.com"));
  CHECK(dup.status == 409);
  CHECK(error_code(dup) == "email_taken");
  // Bad input: 400 naming the field.
  CHECK(
      t.call("POST", "/api/v1/users", t.supervisor, invite_body("y@demo.com", "platform")).status ==
      400);
  CHECK(t.call("POST", "/api/v1/users", t.supervisor, invite_body("not-an-email")).status == 400);
  CHECK(t.call("POST", "/api/v1/users", t.supervisor, R"({"name":"","email":"z@demo.com",
            "role":"agent"})")
            .status == 400);
  CHECK(t.call("PATCH", "/api/v1/users/" + agent_id, t.supervisor, R"({})").status == 400);
  CHECK(
      t.call("PATCH", "/api/v1/users/" + agent_id, t.supervisor, R"({"max_open_conversations":0})")
          .status == 400);
  CHECK(t.call("PATCH", "/api/v1/users/" + agent_id, t.supervisor, R"({"colour":"red"})").status ==
        400);
  CHECK(t.value("SELECT count(*) FROM users") == before);
  CHECK(t.value("SELECT count(*) FROM password_tokens") == "0");
  // An admin may not demote or deactivate themselves.
  const auto self = t.user_id("supervisor@demo.com");
  CHECK(t.call("PATCH", "/api/v1/users/" + self, t.supervisor, R"({"active":false})").status ==
        409);
  CHECK(t.call("PATCH", "/api/v1/users/" + self, t.supervisor, R"({"role":"agent"})").status ==
        409);
}

TEST_CASE("role and capacity change, audited, and a new role applies to the next request",
          "[server][api][users][pg]") {
  api_fixture t;
  const auto id = t.user_id("agent@demo.com");
  auto r = t.call("PATCH", "/api/v1/users/" + id, t.supervisor,
                  R"({"role":"supervisor","max_open_conversations":7})");
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(std::string{d["role"].GetString()} == "supervisor");
  CHECK(d["max_open_conversations"].GetInt64() == 7);
  CHECK(t.value("SELECT before->>'role' || '>' || (after->>'role') || ' ' || "
                "(after->>'max_open_conversations') FROM audit_log WHERE action = "
                "'user.updated' AND entity_id = '" +
                id + "'") == "agent>supervisor 7");
  // The agent's token (signed as agent) now speaks for a supervisor; made admin, it may invite.
  REQUIRE(t.call("PATCH", "/api/v1/users/" + id, t.supervisor, R"({"role":"admin"})").status ==
          200);
  CHECK(t.call("POST", "/api/v1/users", t.agent, invite_body("hecho@demo.com")).status == 201);
}

TEST_CASE(
    "deactivation ends the user's tokens and sockets at once, and reactivation needs a new "
    "sign-in",
    "[server][api][users][ws][pg]") {
  api_fixture t;
  const auto id = t.user_id("agent@demo.com");
  ws_client ws;
  REQUIRE(ws.connect(t.port, "/ws?token=" + t.agent) == 101);
  ws.send_text(R"({"type":"resume","after":0})");
  CHECK(t.call("GET", "/api/v1/me", t.agent).status == 200);

  REQUIRE(t.call("PATCH", "/api/v1/users/" + id, t.supervisor, R"({"active":false})").status ==
          200);
  CHECK(ws.close_code(std::chrono::seconds(5)) == 4401);
  auto me = t.call("GET", "/api/v1/me", t.agent);
  CHECK(me.status == 401);
  CHECK(error_code(me) == "user_inactive");
  CHECK(t.call("GET", "/api/v1/conversations", t.agent).status == 401);
  auto in = t.call("POST", "/api/v1/auth/login", "", login_body("agent@demo.com", demo_password));
  CHECK(in.status == 401);
  CHECK(error_code(in) == "user_inactive");
  // A new socket with the old token is closed at once.
  ws_client late;
  REQUIRE(late.connect(t.port, "/ws?token=" + t.agent) == 101);
  CHECK(late.close_code(std::chrono::seconds(5)) == 4401);
  CHECK(t.value("SELECT online::text FROM users WHERE id = " + id) == "false");

  REQUIRE(t.call("PATCH", "/api/v1/users/" + id, t.supervisor, R"({"active":true})").status == 200);
  // The old token stays dead; a new sign-in works.
  CHECK(t.call("GET", "/api/v1/me", t.agent).status == 401);
  auto fresh = login(t.port, "agent@demo.com");
  CHECK(t.call("GET", "/api/v1/me", fresh).status == 200);
}

TEST_CASE("a user changes their own password and signs out everywhere",
          "[server][api][users][ws][pg]") {
  api_fixture t;
  auto wrong = t.call("POST", "/api/v1/me/password", t.agent,
                      R"({"current":"nope-nope","new":"Nueva-clave-1"})");
  CHECK(wrong.status == 403);
  CHECK(error_code(wrong) == "wrong_password");
  CHECK(t.call("POST", "/api/v1/me/password", t.agent, R"({"current":"admin123","new":"corta"})")
            .status == 400);
  REQUIRE(t.call("POST", "/api/v1/me/password", t.agent,
                 R"({"current":"admin123","new":"Nueva-clave-1"})")
              .status == 200);
  CHECK(t.call("POST", "/api/v1/auth/login", "", login_body("agent@demo.com", "admin123")).status ==
        401);
  auto second = login(t.port, "agent@demo.com", "Nueva-clave-1");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'user.password_changed' AND "
                "before IS NULL AND after IS NULL") == "1");

  ws_client ws;
  REQUIRE(ws.connect(t.port, "/ws?token=" + second) == 101);
  REQUIRE(t.call("POST", "/api/v1/auth/logout-all", t.agent).status == 200);
  CHECK(ws.close_code(std::chrono::seconds(5)) == 4401);
  auto me = t.call("GET", "/api/v1/me", second);
  CHECK(me.status == 401);
  CHECK(error_code(me) == "session_ended");
  CHECK(t.call("GET", "/api/v1/me", t.agent).status == 401);
  // Others are untouched.
  CHECK(t.call("GET", "/api/v1/me", t.supervisor).status == 200);
  CHECK(t.call("GET", "/api/v1/me", login(t.port, "agent@demo.com", "Nueva-clave-1")).status ==
        200);
}

TEST_CASE("an admin sends an invited user a new set-password link and the old one stops working",
          "[server][api][users][pg]") {
  api_fixture t;
  auto d = invite(t, "reenvio@demo.com");
  const auto old_token = link_token(d);
  const auto id = std::to_string(d["user"]["id"].GetInt64());
  const auto path = "/api/v1/users/" + id + "/set-password-link";

  // Admins of the user's tenant only.
  CHECK(t.call("POST", path, t.agent, "{}").status == 403);
  CHECK(t.call("POST", path, t.admin, "{}").status == 404);
  CHECK(t.call("POST", "/api/v1/users/abc/set-password-link", t.supervisor, "{}").status == 404);

  auto again = t.call("POST", path, t.supervisor, "{}");
  REQUIRE(again.status == 200);
  auto a = parse_json(again.body);
  const auto new_token = link_token(a);
  CHECK(new_token != old_token);
  CHECK(std::to_string(a["user"]["id"].GetInt64()) == id);
  CHECK(t.value("SELECT count(*) FROM password_tokens WHERE user_id = " + id +
                " AND used_at IS NULL") == "1");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'user.password_link_sent' AND "
                "entity_id = '" +
                id + "'") == "1");

  auto stale = t.call("POST", "/api/v1/auth/set-password", "",
                      R"({"token":")" + old_token + R"(","password":"Un4-clave-larga!"})");
  CHECK(stale.status == 400);
  REQUIRE(t.call("POST", "/api/v1/auth/set-password", "",
                 R"({"token":")" + new_token + R"(","password":"Un4-clave-larga!"})")
              .status == 200);
  CHECK(!login(t.port, "reenvio@demo.com", "Un4-clave-larga!").empty());

  // With a password set, no more links: they sign in, or change it themselves.
  auto done = t.call("POST", path, t.supervisor, "{}");
  CHECK(done.status == 409);
  CHECK(error_code(done) == "password_already_set");
  // A seeded user has a password too.
  CHECK(t.call("POST", "/api/v1/users/" + t.user_id("agent@demo.com") + "/set-password-link",
               t.supervisor, "{}")
            .status == 409);
}
