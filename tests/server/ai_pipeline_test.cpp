// The AI pipeline end to end: a customer's WhatsApp message posted to the webhook becomes,
// within seconds, an autopilot reply, a pending suggestion, a ticket or a hand-off, according
// to the tenant's settings, and every decision is recorded with its rule and reason.
#include <catch2/catch.hpp>

#include "tests/server/ai_helpers.hpp"

using namespace centralita;
using namespace centralita::testkit;

namespace {

struct pipeline_fixture : ai_fixture {
  pipeline_fixture() : ai_fixture("Prueba IA") {}

  std::string count_out(const std::string& phone, const std::string& sender) {
    return value("SELECT count(*) FROM messages WHERE direction = 'out' AND sender_type = '" +
                 sender + "' AND conversation_id = " + conversation(phone));
  }

  std::string last_out(const std::string& phone) {
    return value("SELECT body FROM messages WHERE direction = 'out' AND conversation_id = " +
                 conversation(phone) + " ORDER BY id DESC LIMIT 1");
  }
};

}  // namespace

TEST_CASE_METHOD(pipeline_fixture, "ASSISTED mode drafts a suggestion and sends nothing",
                 "[server][ai]") {
  post_and_wait("5215590000001", "Hola, ¿cuánto tarda el envío a Guadalajara y cuánto cuesta?");
  CHECK(last_decision("5215590000001", "action") == "suggest");
  CHECK(last_decision("5215590000001", "rule") == "policy.assisted_mode");
  CHECK(count_out("5215590000001", "bot") == "0");

  auto r = call("GET", "/api/v1/suggestions?status=pending", agent);
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, "Prueba IA"));
  // The other tenant sees none of it.
  auto other = call("GET", "/api/v1/suggestions?status=pending", admin);
  CHECK_FALSE(contains(other.body, "Prueba IA"));
}

TEST_CASE_METHOD(pipeline_fixture, "AUTOPILOT answers a tracking question from the shipment",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  post_and_wait("5215590000002", "hola buenas, donde viene mi paquete? la guia es CS1002");
  CHECK(last_decision("5215590000002", "category") == "TRACKING");
  CHECK(last_decision("5215590000002", "action") == "autopilot_reply");
  auto reply = last_out("5215590000002");
  CHECK(contains(reply, "CS1002"));
  CHECK(contains(reply, "en camino"));
  CHECK(contains(reply, "Querétaro"));
  // The demo provider delivers it through the outbox.
  auto sent = "SELECT status FROM messages WHERE direction = 'out' AND conversation_id = " +
              conversation("5215590000002");
  CHECK(wait_for_value(sql, sent, "sent") == "sent");
  CHECK(value("SELECT count(*) FROM suggestions WHERE conversation_id = " +
              conversation("5215590000002")) == "0");
}

TEST_CASE_METHOD(pipeline_fixture,
                 "AUTOPILOT asks for the number when a tracking question has none",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  post_and_wait("5215590000003", "oye y mi pedido?? ya paso una semana y no llega");
  CHECK(last_decision("5215590000003", "action") == "ask_missing");
  CHECK(contains(last_out("5215590000003"), "número de pedido"));
  CHECK(value("SELECT count(*) FROM tickets WHERE conversation_id = " +
              conversation("5215590000003")) == "1");
}

TEST_CASE_METHOD(pipeline_fixture,
                 "AUTOPILOT looks up a tracking number it has never seen before answering",
                 "[server][ai][tracking]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  // No shipment CS20417 is stored: the demo carrier knows its own numbers, so the autopilot
  // asks it, stores the shipment linked to this conversation and answers with its status.
  post_and_wait("5215590000011", "hola, mi guía es CS20417, ¿dónde viene?");
  CHECK(last_decision("5215590000011", "action") == "autopilot_reply");
  auto reply = last_out("5215590000011");
  CHECK(contains(reply, "CS20417"));
  CHECK_FALSE(contains(reply, "¿Me compartes"));
  CHECK(value("SELECT count(*) FROM shipments WHERE tracking_number = 'CS20417' AND "
              "conversation_id = " +
              conversation("5215590000011")) == "1");
}

TEST_CASE_METHOD(pipeline_fixture,
                 "AUTOPILOT answers honestly about a number nobody can track, never asking again",
                 "[server][ai][tracking]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  post_and_wait("5215590000012", "buenas, ¿dónde viene mi paquete? la guía es ZX99887766");
  CHECK(last_decision("5215590000012", "action") == "ask_missing");
  CHECK(last_decision("5215590000012", "rule") == "policy.tracking_not_found");
  CHECK(last_decision("5215590000012", "reason_params->>'number'") == "ZX99887766");
  CHECK(last_decision("5215590000012", "inputs->'shipment_lookup'->>'outcome'") == "not_found");
  auto reply = last_out("5215590000012");
  CHECK(contains(reply, "No encuentro ningún envío con el número ZX99887766"));
  CHECK_FALSE(contains(reply, "¿Me compartes"));
  auto conv = conversation("5215590000012");
  CHECK(value("SELECT count(*) FROM tickets WHERE conversation_id = " + conv) == "1");
  CHECK(value("SELECT count(*) FROM shipments WHERE tracking_number = 'ZX99887766'") == "0");
}

TEST_CASE_METHOD(pipeline_fixture,
                 "A complaint opens a ticket with a drafted reply, in autopilot too",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  post_and_wait("5215590000004", "Me llegó la licuadora rota y nadie me responde, pésimo servicio");
  CHECK(last_decision("5215590000004", "category") == "COMPLAINT");
  auto action = last_decision("5215590000004", "action");
  CHECK((action == "ticket" || action == "handoff"));
  auto conv = conversation("5215590000004");
  CHECK(value("SELECT category || ' ' || created_by_type || ' ' || priority FROM tickets "
              "WHERE conversation_id = " +
              conv) == "COMPLAINT ai high");
  CHECK(value("SELECT count(*) FROM suggestions WHERE status = 'pending' AND conversation_id = " +
              conv) == "1");
  CHECK(value("SELECT count(*) FROM audit_log WHERE actor_type = 'ai' AND entity_type = "
              "'ticket'") != "0");
}

TEST_CASE_METHOD(pipeline_fixture,
                 "A person asked for is handed off, the bot is quiet until handed back",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  const std::string phone = "5215590000005";
  post_and_wait(phone, "quiero hablar con un agente humano por favor");
  CHECK(last_decision(phone, "action") == "handoff");
  CHECK(value("SELECT bot_active::text FROM conversations WHERE id = " + conversation(phone)) ==
        "false");
  CHECK(count_out(phone, "bot") == "1");  // "te comunico con una persona"

  post_and_wait(phone, "donde esta mi pedido CS1002", 2);
  CHECK(last_decision(phone, "action") == "quiet");
  CHECK(count_out(phone, "bot") == "1");

  auto id = value(conversation(phone));
  auto r = call("PATCH", "/api/v1/conversations/" + id, agent, R"({"bot_active":true})");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, R"("bot_active":true)"));
  // A new text: the same one would be a duplicate.
  post_and_wait(phone, "y ahora? donde viene mi pedido CS1002", 3);
  CHECK(last_decision(phone, "action") == "autopilot_reply");
  CHECK(count_out(phone, "bot") == "2");
}

TEST_CASE_METHOD(pipeline_fixture, "Below the threshold a ticket is opened and details asked for",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT","confidence_threshold":1})");
  const std::string phone = "5215590000006";
  post_and_wait(phone, "¿Cuáles son sus formas de pago? ¿Aceptan tarjeta?");
  CHECK(last_decision(phone, "action") == "ask_missing");
  CHECK(last_decision(phone, "rule") == "policy.below_threshold");
  CHECK(count_out(phone, "bot") == "1");
}

TEST_CASE_METHOD(pipeline_fixture, "Approving an edited suggestion queues the agent's text",
                 "[server][ai]") {
  const std::string phone = "5215590000007";
  post_and_wait(phone, "Buenas tardes, ¿tienen envíos a Monterrey?");
  auto sid = value("SELECT id FROM suggestions WHERE conversation_id = " + conversation(phone));
  auto r = call("POST", "/api/v1/suggestions/" + sid + "/approve", agent,
                R"({"text":"Sí, enviamos a Monterrey en 2 a 3 días."})");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, R"("status":"approved")"));
  CHECK(last_out(phone) == "Sí, enviamos a Monterrey en 2 a 3 días.");
  // Decided once: a second approval or a rejection is a conflict.
  CHECK(call("POST", "/api/v1/suggestions/" + sid + "/approve", agent).status == 409);
  CHECK(call("POST", "/api/v1/suggestions/" + sid + "/reject", agent).status == 409);
  // Another tenant's user can't see or decide it.
  CHECK(call("POST", "/api/v1/suggestions/" + sid + "/reject", admin).status == 404);
  CHECK(call("GET", "/api/v1/suggestions/" + sid, admin).status == 404);
  CHECK(value("SELECT count(*) FROM audit_log WHERE entity_type = 'suggestion' AND entity_id = '" +
              sid + "' AND action = 'suggestion.approved'") == "1");
}

TEST_CASE_METHOD(pipeline_fixture, "Rejecting a suggestion records the reason and sends nothing",
                 "[server][ai]") {
  const std::string phone = "5215590000008";
  post_and_wait(phone, "hola que tal, una pregunta sobre devoluciones");
  auto sid = value("SELECT id FROM suggestions WHERE conversation_id = " + conversation(phone));
  CHECK(call("POST", "/api/v1/suggestions/" + sid + "/reject", agent, R"({"reason":7})").status ==
        400);
  auto r = call("POST", "/api/v1/suggestions/" + sid + "/reject", agent,
                R"({"reason":"respuesta incorrecta"})");
  REQUIRE(r.status == 200);
  CHECK(contains(r.body, R"("reject_reason":"respuesta incorrecta")"));
  CHECK(count_out(phone, "agent") == "0");
  CHECK(call("POST", "/api/v1/suggestions/abc/approve", agent).status == 404);
  CHECK(call("GET", "/api/v1/suggestions?status=maybe", agent).status == 400);
}

TEST_CASE_METHOD(pipeline_fixture, "POST /api/v1/triage classifies a text", "[server][ai]") {
  auto r = call("POST", "/api/v1/triage", agent,
                R"({"text":"Quiero la factura FAC-1002, me cobraron $899.00 dos veces"})");
  REQUIRE(r.status == 200);
  auto doc = parse_json(r.body);
  REQUIRE(doc.IsObject());
  CHECK(std::string{doc["category"].GetString()} == "BILLING");
  CHECK(doc["confidence"].GetDouble() > 0.0);
  CHECK(doc["confidence"].GetDouble() <= 1.0);
  CHECK(std::string{doc["entities"]["invoice_number"].GetString()} == "FAC-1002");
  CHECK(call("POST", "/api/v1/triage", agent, R"({"texto":"x"})").status == 400);
  CHECK(call("POST", "/api/v1/triage", "", R"({"text":"x"})").status == 401);
}

TEST_CASE_METHOD(pipeline_fixture, "AUTOPILOT answers an INFO question from the knowledge base",
                 "[server][ai]") {
  settings(R"({"ai_mode":"AUTOPILOT"})");
  const std::string phone = "5215590000009";
  post_and_wait(phone,
                "Tienen politica de devoluciones? cuantos dias tengo para cambiar un producto");
  CHECK(last_decision(phone, "category") == "INFO");
  CHECK(last_decision(phone, "action") == "autopilot_reply");
  auto reply = last_out(phone);
  CHECK(contains(reply, "«Cambios y devoluciones»"));
  CHECK(contains(last_decision(phone, "inputs::text"), "Cambios y devoluciones"));
}
