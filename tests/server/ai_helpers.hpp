#pragma once
// Shared by the tests of the AI pipeline: customers write through the Builderbot webhook, and
// the tests read the decisions taken in each customer's open conversation.

#include <catch2/catch.hpp>

#include <string>

#include "tests/server/api_helpers.hpp"

namespace centralita::testkit {

/// A seeded server (api_fixture) and its webhook gateway.
struct ai_fixture : api_fixture {
  http_connection gateway{"127.0.0.1", f.server.gateway_port()};

  /// The customers' name in the webhooks posted.
  explicit ai_fixture(std::string customer_name) : customer_name_(std::move(customer_name)) {}

  /// PATCHes the tenant's settings as the demo admin.
  void settings(const std::string& json) {
    REQUIRE(call("PATCH", "/api/v1/settings", supervisor, json).status == 200);
  }

  /// A customer message from `phone`, through the webhook.
  void post(const std::string& phone, const std::string& text) {
    REQUIRE(post_builderbot(gateway, incoming_body(phone, text, customer_name_)).status == 200);
  }

  /// Posts the customer's message and waits until their conversation has `decisions` AI
  /// decisions.
  void post_and_wait(const std::string& phone, const std::string& text, int decisions = 1) {
    post(phone, text);
    wait_decisions(phone, decisions);
  }

  /// The id of the open conversation of `phone`, as a SQL subquery (in parentheses).
  static std::string conversation(const std::string& phone) {
    return "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
           "WHERE cu.phone = '" +
           phone + "' AND c.status = 'open')";
  }

  /// Waits until `n` decisions were taken in the conversation of `phone`.
  void wait_decisions(const std::string& phone, int n) {
    auto q = "SELECT count(*) FROM ai_decisions WHERE conversation_id = " + conversation(phone);
    REQUIRE(wait_for_value(sql, q, std::to_string(n)) == std::to_string(n));
  }

  /// A column of the last decision taken in the conversation of `phone`.
  std::string last_decision(const std::string& phone, const std::string& column) {
    return value("SELECT " + column + " FROM ai_decisions WHERE conversation_id = " +
                 conversation(phone) + " ORDER BY id DESC LIMIT 1");
  }

 private:
  std::string customer_name_;
};

}  // namespace centralita::testkit
