#pragma once
// Shared by the API tests: a seeded server with signed-in users of both tenants, calls with
// their tokens, JSON reading, and ids of seeded rows.

#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/api_client.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"

namespace centralita::testkit {

/// The secret server_process gives the server (JWT_SECRET).
inline constexpr const char* test_jwt_secret = "test_secret_0123456789abcdef";

/// Parses a response body; a parse failure leaves the document with HasParseError().
inline rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

/// The id of what a 201 answer created, as text; the test stops when the answer is not 201.
inline std::string created_id(const http_response& r) {
  REQUIRE(r.status == 201);
  return std::to_string(parse_json(r.body)["id"].GetInt64());
}

/// The `error.code` of an error answer; "" when it has none.
inline std::string error_code(const http_response& r) {
  auto d = parse_json(r.body);
  return d.IsObject() && d.HasMember("error") ? d["error"]["code"].GetString() : "";
}

/// A seeded server and tokens of agent@demo.com (demo agent), supervisor@demo.com (demo
/// admin) and admin@admin.com (admin of the other tenant).
struct api_fixture {
  server_fixture f;
  storage::pg_connection sql = f.db.connect();
  uint16_t port = f.server.api_port();
  http_connection conn{"127.0.0.1", port};
  std::string agent = login(port, "agent@demo.com");
  std::string supervisor = login(port, "supervisor@demo.com");
  std::string admin = login(port, "admin@admin.com");

  /// One request with a token (none when empty).
  http_response call(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = {}) {
    return conn.request(method, target, body, token.empty() ? http_headers{} : bearer(token));
  }

  /// A single value from the database, as text.
  std::string value(const std::string& sql_text) { return query_value(sql, sql_text); }

  /// The lowest id of `table` in tenant `slug`.
  std::string first_id(const std::string& table, const std::string& slug) {
    return testkit::first_id(sql, table, slug);
  }

  /// The id of a user by e-mail.
  std::string user_id(const std::string& email) {
    return value("SELECT id FROM users WHERE email = '" + email + "'");
  }
};

}  // namespace centralita::testkit
