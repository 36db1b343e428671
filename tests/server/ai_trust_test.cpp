// Suggestions an agent can trust, end to end: every draft carries the grounded content (a
// handed-off conversation included), a newer customer message supersedes the older drafts, and
// decisions carry a reason code with its parameters for the dashboard to translate.
#include <catch2/catch.hpp>

#include "tests/server/ai_helpers.hpp"

using namespace centralita;
using namespace centralita::testkit;

namespace {

struct trust_fixture : ai_fixture {
  trust_fixture() : ai_fixture("Ana Prueba") {}

  std::string last_draft(const std::string& phone) {
    return value("SELECT text FROM suggestions WHERE conversation_id = " + conversation(phone) +
                 " ORDER BY id DESC LIMIT 1");
  }
};

}  // namespace

TEST_CASE_METHOD(trust_fixture,
                 "After a hand-off the draft for an INFO question quotes the knowledge base",
                 "[server][ai]") {
  const std::string phone = "5215590001801";
  post_and_wait(phone, "quiero hablar con un agente humano por favor");
  REQUIRE(last_decision(phone, "action") == "handoff");

  post_and_wait(phone, "¿Cuál es el horario de atención y aceptan devoluciones?", 2);
  CHECK(last_decision(phone, "action") == "quiet");
  CHECK(last_decision(phone, "reason_code") == "policy.bot_paused");
  auto draft = last_draft(phone);
  CHECK(contains(draft, "«Cambios y devoluciones»"));
  CHECK_FALSE(contains(draft, "¿En qué te podemos ayudar?"));
  CHECK(draft.size() > 120);  // an answer, not a greeting

  // The API gives the code and its parameters for the dashboard to translate.
  auto id = value(conversation(phone));
  auto r = call("GET", "/api/v1/suggestions?status=pending&conversation_id=" + id, agent);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, R"("reason_code":"policy.bot_paused")"));
  auto page = parse_json(r.body);
  REQUIRE(page["items"].Size() == 1);
  const auto& params = page["items"][0]["reason_params"];
  CHECK(params["threshold"].GetDouble() == Approx(0.75));
  CHECK(std::string{params["category"].GetString()} == "INFO");
  CHECK(std::string{params["mode"].GetString()} == "ASSISTED");
  auto detail = call("GET", "/api/v1/conversations/" + id, agent);
  REQUIRE(detail.status == 200);
  CHECK(contains(detail.body, R"("reason_code":"policy.bot_paused")"));
  CHECK(contains(detail.body, R"("reason_code":"policy.human_requested")"));
  CHECK(contains(detail.body, R"("mode": "ASSISTED")"));
}

TEST_CASE_METHOD(trust_fixture,
                 "A newer message supersedes the pending draft, which then asks to be confirmed",
                 "[server][ai]") {
  const std::string phone = "5215590001802";
  post_and_wait(phone, "¿Cuánto cuesta el envío a Monterrey?");
  auto first = value("SELECT id FROM suggestions WHERE conversation_id = " + conversation(phone));
  post_and_wait(phone, "y ¿en cuántos días llega?", 2);
  CHECK(value("SELECT status FROM suggestions WHERE id = " + first) == "superseded");
  CHECK(value("SELECT count(*) FROM suggestions WHERE status = 'pending' AND conversation_id = " +
              conversation(phone)) == "1");
  CHECK(value("SELECT count(*) FROM audit_log WHERE action = 'suggestion.superseded' AND "
              "entity_id = '" +
              first + "'") == "1");

  // Listed with the live one, newest first.
  auto list = call(
      "GET",
      "/api/v1/suggestions?status=pending,superseded&conversation_id=" + value(conversation(phone)),
      agent);
  REQUIRE(list.status == 200);
  CHECK(contains(list.body, R"("status":"superseded")"));
  CHECK(list.body.find(R"("status":"pending")") < list.body.find(R"("status":"superseded")"));
  CHECK(call("GET", "/api/v1/suggestions?status=stale", agent).status == 400);

  auto refused = call("POST", "/api/v1/suggestions/" + first + "/approve", agent, "{}");
  CHECK(refused.status == 409);
  CHECK(contains(refused.body, R"("code":"superseded")"));
  CHECK(value("SELECT status FROM suggestions WHERE id = " + first) == "superseded");
  CHECK(call("POST", "/api/v1/suggestions/" + first + "/approve", agent, R"({"confirm":"yes"})")
            .status == 400);
  auto sent =
      call("POST", "/api/v1/suggestions/" + first + "/approve", agent, R"({"confirm":true})");
  CHECK(sent.status == 200);
  CHECK(contains(sent.body, R"("status":"approved")"));
  // Another tenant's admin cannot see it.
  CHECK(call("POST", "/api/v1/suggestions/" + first + "/approve", admin, R"({"confirm":true})")
            .status == 404);
}

TEST_CASE_METHOD(trust_fixture, "A BILLING draft lists the customer's invoices", "[server][ai]") {
  // The demo customer with FAC-1002 open, in her seeded conversation.
  const std::string phone = "5215511110001";
  auto before = std::stoi(
      value("SELECT count(*) FROM ai_decisions WHERE conversation_id = " + conversation(phone)));
  post(phone, "Hola, tengo una duda con mi factura, ¿cuánto debo y cuándo vence?");
  wait_decisions(phone, before + 1);
  REQUIRE(last_decision(phone, "category") == "BILLING");
  auto draft = last_draft(phone);
  CHECK(contains(draft, "FAC-1002"));
  CHECK(contains(draft, "$899.00 MXN"));
  CHECK(contains(draft, "pendiente de pago"));
  CHECK_FALSE(contains(draft, "FAC-1001"));  // another customer's
}

TEST_CASE_METHOD(
    trust_fixture,
    "Below the threshold in ASSISTED mode: a ticket and a drafted question, nothing sent",
    "[server][ai]") {
  settings(R"({"ai_mode":"ASSISTED","confidence_threshold":1})");
  const std::string phone = "5215590001803";
  post_and_wait(phone, "¿Cuáles son sus formas de pago? ¿Aceptan tarjeta?");
  CHECK(last_decision(phone, "action") == "ask_missing");
  CHECK(last_decision(phone, "reason_code") == "policy.below_threshold");
  CHECK(value("SELECT count(*) FROM tickets WHERE conversation_id = " + conversation(phone)) ==
        "1");
  CHECK(value("SELECT count(*) FROM messages WHERE direction = 'out' AND conversation_id = " +
              conversation(phone)) == "0");
  CHECK(contains(last_draft(phone), "?"));
}

TEST_CASE_METHOD(trust_fixture, "A QUOTE draft lists the items with their units", "[server][ai]") {
  const std::string phone = "5215590001804";
  post_and_wait(phone, "Buenas, quiero cotizar 20 cajas de tornillos y dos sillas");
  REQUIRE(last_decision(phone, "category") == "QUOTE");
  CHECK(contains(last_draft(phone), "20 × tornillos (caja)"));
  auto lines = value(
      "SELECT string_agg((l->>'quantity') || ' ' || (l->>'description'), '; ' ORDER BY n) "
      "FROM quotes q, jsonb_array_elements(q.lines) WITH ORDINALITY AS e(l, n) "
      "WHERE q.conversation_id = " +
      conversation(phone));
  CHECK(lines == "20 tornillos (caja); 2 sillas");
}
