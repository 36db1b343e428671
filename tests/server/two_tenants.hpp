#pragma once
// Two tenants, two fake Builderbot servers: the demo tenant's line is seeded from the
// environment (fake `demo`); the admin tenant's line gets the other fake's credentials through
// the API (point_admin_line). Shared by the tests of per-account credentials.

#include <catch2/catch.hpp>

#include <string>

#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_builderbot.hpp"

namespace centralita::testkit {

inline constexpr const char* demo_key = "bb-demo-key-1111";
inline constexpr const char* demo_bot = "bot-demo";
inline constexpr const char* admin_key = "bb-admin-key-2222";
inline constexpr const char* admin_bot = "bot-admin";

struct two_tenants {
  fake_builderbot demo{demo_key, demo_bot};
  fake_builderbot other{admin_key, admin_bot};
  test_database db{db_contents::seeded};
  centralita::storage::pg_connection sql = db.connect();
  server_process server{db.url(), env()};
  http_connection conn{"127.0.0.1", server.api_port()};
  std::string agent = login(server.api_port(), "agent@demo.com");
  std::string supervisor = login(server.api_port(), "supervisor@demo.com");
  std::string admin = login(server.api_port(), "admin@admin.com");

  environment_vars env() const {
    auto e = demo.environment();
    e.insert(e.end(), {{"CENTRALITA_OUTBOX_SWEEP_MS", "100"}, {"BUILDERBOT_TIMEOUT_MS", "2000"}});
    return e;
  }
  std::string value(const std::string& q) { return query_value(sql, q); }
  http_response call(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = {}) {
    return conn.request(method, target, body, bearer(token));
  }
  std::string conversation(const std::string& slug) { return first_id(sql, "conversations", slug); }
  std::string account_id(const std::string& key) {
    return value("SELECT id FROM channel_accounts WHERE account_key = '" + key + "'");
  }
  /// Gives the admin tenant's Builderbot line the other fake's URL, key and bot id.
  void point_admin_line() {
    auto r =
        call("PATCH", "/api/v1/channel-accounts/" + account_id("builderbot_whatsapp_admin"), admin,
             std::string{R"({"credentials":{"api_url":")"} + other.url() + R"(","api_key":")" +
                 admin_key + R"(","bot_id":")" + admin_bot + R"("}})");
    REQUIRE(r.status == 200);
  }
  /// Checks that each fake got only well-formed requests, each with its own tenant's key.
  void check_keys_kept_apart() {
    for (const auto& s : demo.received()) {
      CHECK(s.problem.empty());
      CHECK(s.headers.at("x-api-builderbot") == demo_key);
    }
    for (const auto& s : other.received()) {
      CHECK(s.problem.empty());
      CHECK(s.headers.at("x-api-builderbot") == admin_key);
    }
  }
  // A pending suggestion on the tenant's first conversation, approved by `token`.
  void approve_suggestion(const std::string& slug, const std::string& text,
                          const std::string& token) {
    auto id = value(
        "INSERT INTO suggestions (tenant_id, conversation_id, text, category) "
        "SELECT c.tenant_id, c.id, '" +
        text +
        "', 'INFO' FROM conversations c "
        "WHERE c.id = " +
        conversation(slug) + " RETURNING id");
    REQUIRE(call("POST", "/api/v1/suggestions/" + id + "/approve", token, "{}").status == 200);
  }
};

}  // namespace centralita::testkit
