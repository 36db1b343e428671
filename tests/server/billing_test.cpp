// Billing and quotes: a BILLING message shows the customer's invoices in the conversation, a
// QUOTE message drafts a quote with a suggestion, and an agent completes the draft and sends it
// once through the outbox; another tenant sees none of it.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

struct billing_fixture : api_fixture {
  http_connection gateway{"127.0.0.1", f.server.gateway_port()};

  // Posts a customer's message and waits for its decision; returns the conversation id.
  std::string message(const std::string& phone, const std::string& text) {
    REQUIRE(post_builderbot(gateway, incoming_body(phone, text, "Cliente Factura")).status == 200);
    auto decided =
        "SELECT count(*) FROM ai_decisions d JOIN messages m ON m.id = d.message_id "
        "WHERE m.body = '" +
        text + "'";
    REQUIRE(wait_for_value(sql, decided, "1") == "1");
    return value("SELECT m.conversation_id FROM messages m WHERE m.body = '" + text + "'");
  }

  std::string decision_category(const std::string& text) {
    return value(
        "SELECT d.category FROM ai_decisions d JOIN messages m ON m.id = d.message_id "
        "WHERE m.body = '" +
        text + "'");
  }
};

}  // namespace

TEST_CASE_METHOD(billing_fixture, "the demo billing provider serves the seeded invoices",
                 "[server][billing]") {
  // FAC-1002 is the seeded open invoice of 5215511110001.
  auto conv = value(
      "SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
      "WHERE cu.phone = '5215511110001' ORDER BY c.id DESC LIMIT 1");
  auto before = parse_json(call("GET", "/api/v1/conversations/" + conv, agent).body);
  REQUIRE(before.IsObject());
  REQUIRE(before.HasMember("billing"));
  CHECK(before["billing"].IsNull());  // nobody asked about billing yet
  REQUIRE(before["quotes"].IsArray());

  const std::string text = "Hola, necesito mi factura FAC-1002 y saber cuándo vence el pago";
  conv = message("5215511110001", text);
  CHECK(decision_category(text) == "BILLING");
  auto detail = parse_json(call("GET", "/api/v1/conversations/" + conv, agent).body);
  REQUIRE(detail["billing"].IsObject());
  CHECK(std::string{detail["billing"]["provider"].GetString()} == "demo");
  const auto& invoices = detail["billing"]["invoices"];
  REQUIRE(invoices.IsArray());
  bool found = false;
  for (const auto& v : invoices.GetArray()) {
    if (std::string{v["number"].GetString()} != "FAC-1002") continue;
    found = true;
    CHECK(std::string{v["status"].GetString()} == "open");
    CHECK(v["amount_cents"].GetInt64() == 89900);
    CHECK(v["due_date"].IsString());
  }
  CHECK(found);
  // Only that customer's invoices.
  for (const auto& v : invoices.GetArray()) {
    CHECK(v["customer_id"].GetInt64() == detail["customer"]["id"].GetInt64());
  }
  // The other tenant cannot read the conversation.
  CHECK(call("GET", "/api/v1/conversations/" + conv, admin).status == 404);
}

TEST_CASE_METHOD(billing_fixture, "a QUOTE message drafts a quote and a suggestion",
                 "[server][billing]") {
  const std::string text = "Buenas tardes, me pueden cotizar 2 sillas gamer y 3 escritorios?";
  auto conv = message("5215590001001", text);
  CHECK(decision_category(text) == "QUOTE");
  auto quote_sql = "SELECT count(*) FROM quotes WHERE conversation_id = " + conv;
  REQUIRE(value(quote_sql) == "1");
  CHECK(value("SELECT status FROM quotes WHERE conversation_id = " + conv) == "draft");
  CHECK(value("SELECT jsonb_array_length(lines) FROM quotes WHERE conversation_id = " + conv) ==
        "2");
  CHECK(value("SELECT lines->0->>'description' FROM quotes WHERE conversation_id = " + conv) ==
        "sillas gamer");
  CHECK(value("SELECT (lines->1->>'quantity') FROM quotes WHERE conversation_id = " + conv) == "3");
  CHECK(value("SELECT count(*) FROM suggestions WHERE status = 'pending' AND conversation_id = " +
              conv) == "1");
  CHECK(value("SELECT count(*) FROM audit_log WHERE entity_type = 'quote' AND action = "
              "'quote.created' AND actor_type = 'ai'") == "1");
  auto detail = parse_json(call("GET", "/api/v1/conversations/" + conv, agent).body);
  REQUIRE(detail["quotes"].Size() == 1);
  CHECK(std::string{detail["quotes"][0]["status"].GetString()} == "draft");

  // Without items the rules can read, the draft has one empty line for the agent.
  const std::string vague = "Quisiera una cotización para mi empresa por favor";
  auto conv2 = message("5215590001002", vague);
  if (decision_category(vague) == "QUOTE") {
    CHECK(value("SELECT lines::text FROM quotes WHERE conversation_id = " + conv2) ==
          R"([{"quantity": 1, "description": "", "unit_price_cents": 0}])");
  }
}

TEST_CASE_METHOD(billing_fixture, "an agent edits, validates and sends a draft quote once",
                 "[server][billing]") {
  auto conv = value(
      "SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
      "WHERE cu.phone = '5215511110003' ORDER BY c.id DESC LIMIT 1");
  auto created = call("POST", "/api/v1/quotes", agent, R"({"conversation_id":)" + conv + "}");
  REQUIRE(created.status == 201);
  auto q = parse_json(created.body);
  const std::string id = std::to_string(q["id"].GetInt64());
  CHECK(std::string{q["status"].GetString()} == "draft");
  CHECK(q["lines"].Size() == 1);
  CHECK(q["valid_until"].IsString());
  const std::string path = "/api/v1/quotes/" + id;

  SECTION("validation") {
    CHECK(call("PATCH", path, agent, R"({})").status == 400);
    CHECK(call("PATCH", path, agent, R"({"total_cents":5})").status == 400);
    CHECK(call("PATCH", path, agent, R"({"lines":[{"description":"x","quantity":0}]})").status ==
          400);
    CHECK(call("PATCH", path, agent, R"({"lines":[{"description":"x","quantity":1.5}]})").status ==
          400);
    CHECK(call("PATCH", path, agent, R"({"lines":[{"description":"x","unit_price_cents":-1}]})")
              .status == 400);
    CHECK(call("PATCH", path, agent, R"({"lines":[{"description":"x","price":3}]})").status == 400);
    CHECK(call("PATCH", path, agent, R"({"lines":"many"})").status == 400);
    CHECK(call("PATCH", path, agent,
               R"({"lines":[{"description":")" + std::string(201, 'a') + R"("}]})")
              .status == 400);
    CHECK(call("PATCH", path, agent, R"({"valid_until":"2026-02-30"})").status == 400);
    CHECK(call("PATCH", path, agent, R"({"valid_until":"2001-01-01"})").status == 422);
    CHECK(call("POST", "/api/v1/quotes", agent, R"({"lines":[]})").status == 400);
    // The draft's empty line cannot be sent.
    CHECK(call("POST", path + "/send", agent).status == 422);
    CHECK(value("SELECT status FROM quotes WHERE id = " + id) == "draft");
  }

  SECTION("totals are computed, the send goes through the outbox, a second send is a 409") {
    auto patched = call("PATCH", path, agent,
                        R"({"lines":[{"description":"Cafetera espresso","quantity":2,)"
                        R"("unit_price_cents":329900},{"description":"Envío","quantity":1,)"
                        R"("unit_price_cents":14900}],"valid_until":"2099-12-31"})");
    REQUIRE(patched.status == 200);
    auto p = parse_json(patched.body);
    CHECK(p["total_cents"].GetInt64() == 2 * 329900 + 14900);
    CHECK(std::string{p["valid_until"].GetString()} == "2099-12-31");

    auto sent = call("POST", path + "/send", agent);
    REQUIRE(sent.status == 200);
    auto s = parse_json(sent.body);
    CHECK(std::string{s["quote"]["status"].GetString()} == "sent");
    const std::string message_id = std::to_string(s["message"]["id"].GetInt64());
    CHECK(value("SELECT count(*) FROM outbox WHERE message_id = " + message_id) == "1");
    auto body = value("SELECT body FROM messages WHERE id = " + message_id);
    CHECK(contains(body, "Cotización Q-"));
    CHECK(contains(body, "2 × Cafetera espresso: $6,598.00"));
    CHECK(contains(body, "Total: $6,747.00 MXN"));
    CHECK(value("SELECT sent_message_id FROM quotes WHERE id = " + id) == message_id);
    CHECK(value("SELECT count(*) FROM audit_log WHERE entity_type = 'quote' AND entity_id = '" +
                id + "'") == "3");

    CHECK(call("POST", path + "/send", agent).status == 409);
    CHECK(call("PATCH", path, agent, R"({"valid_until":null})").status == 409);
    CHECK(value("SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
                "WHERE m.conversation_id = " +
                conv + " AND m.body LIKE 'Cotización%'") == "1");
  }

  SECTION("another tenant's quote and conversation are 404") {
    CHECK(call("PATCH", path, admin, R"({"valid_until":null})").status == 404);
    CHECK(call("POST", path + "/send", admin).status == 404);
    CHECK(call("POST", "/api/v1/quotes", admin, R"({"conversation_id":)" + conv + "}").status ==
          404);
    CHECK(call("POST", path + "/send", "").status == 401);
    CHECK(value("SELECT status FROM quotes WHERE id = " + id) == "draft");
  }
}
