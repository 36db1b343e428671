#include <catch2/catch.hpp>

#include <initializer_list>

#include "ai/reply.hpp"

using namespace centralita::ai;

namespace {

reply_inputs inputs(std::string category, std::string language) {
  reply_inputs in;
  in.triage.category = std::move(category);
  in.triage.language = std::move(language);
  in.triage.confidence = 0.9;
  in.customer_name = "María Fernanda";
  return in;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Checks that `text` contains each of `parts`.
void check_contains(const std::string& text, std::initializer_list<const char*> parts) {
  for (const char* part : parts) {
    CAPTURE(part);
    CHECK(contains(text, part));
  }
}

// The text of a reply that must be an answer drawn from `source`.
std::string answer_from(const composed_reply& r, const std::string& source) {
  REQUIRE(r.answered);
  CHECK(r.source == source);
  return r.text;
}

}  // namespace

TEST_CASE("INFO answers quote the best passage and cite its article", "[ai][reply]") {
  auto in = inputs("INFO", "es");
  in.min_passage_score = 0.3;
  in.passages = {{7, "Horarios de atención", "## Horario\nAtendemos de **lunes a viernes**.", 0.8}};
  auto text = answer_from(compose_answer(in), "article:7");
  check_contains(
      text, {"¡Hola, María!", "Horario: Atendemos de lunes a viernes.", "«Horarios de atención»"});
  CHECK_FALSE(contains(text, "**"));
  CHECK_FALSE(contains(text, "##"));
}

TEST_CASE("A weak passage does not answer", "[ai][reply]") {
  auto in = inputs("INFO", "en");
  in.min_passage_score = 0.5;
  in.passages = {{7, "Hours", "We open at nine.", 0.2}};
  CHECK_FALSE(compose_answer(in).answered);
  auto draft = compose_draft(in);
  CHECK_FALSE(draft.answered);
  CHECK(contains(draft.text, "could you tell us a little more"));
}

TEST_CASE("TRACKING answers give the shipment's status in the customer's language", "[ai][reply]") {
  auto in = inputs("TRACKING", "en");
  in.tracking = tracking_facts{"CS1002", "InTransit", "Querétaro", "2026-11-27"};
  auto text = answer_from(compose_answer(in), "shipment:CS1002");
  check_contains(text, {"Your shipment CS1002 is in transit", "Querétaro", "2026-11-27"});
  auto es = inputs("TRACKING", "es");
  es.tracking = tracking_facts{"CS1001", "Delivered", "", "2026-11-20"};
  auto delivered = compose_answer(es);
  CHECK(contains(delivered.text, "Tu envío CS1001 está entregado."));
  CHECK_FALSE(contains(delivered.text, "Entrega estimada"));
}

TEST_CASE("TRACKING without a shipment asks for the number", "[ai][reply]") {
  auto in = inputs("TRACKING", "es");
  CHECK_FALSE(compose_answer(in).answered);
  CHECK(contains(compose_ask_missing(in), "número de pedido"));
  CHECK(contains(compose_ask_missing(inputs("TRACKING", "en")), "order or tracking number"));
}

TEST_CASE("TRACKING with a number nobody could find says so instead of asking again",
          "[ai][reply]") {
  auto in = inputs("TRACKING", "es");
  in.lookup = number_lookup::not_found;
  in.looked_up = "ZX99887766";
  auto es = compose_ask_missing(in);
  CHECK(contains(es, "No encuentro ningún envío con el número ZX99887766"));
  CHECK_FALSE(contains(es, "número de pedido o de guía"));
  CHECK(compose_draft(in).text == es);
  in.lookup = number_lookup::unavailable;
  CHECK(contains(compose_ask_missing(in), "No pude consultar el envío ZX99887766"));
  auto en = inputs("TRACKING", "en");
  en.lookup = number_lookup::not_found;
  en.looked_up = "ZX99887766";
  CHECK(contains(compose_ask_missing(en), "can't find any shipment with the number ZX99887766"));
}

TEST_CASE("Drafts fit the category", "[ai][reply]") {
  CHECK(contains(compose_draft(inputs("COMPLAINT", "es")).text, "Lamentamos"));
  auto billing = inputs("BILLING", "en");
  billing.triage.entities.invoice_number = "F-2024-001";
  CHECK(contains(compose_draft(billing).text, "invoice F-2024-001"));
  CHECK(contains(compose_draft(inputs("QUOTE", "es")).text, "cotización"));
  CHECK(contains(compose_handoff(inputs("HUMAN", "es")), "persona"));
}

TEST_CASE("Excerpts end at a sentence and never split a character", "[ai][reply]") {
  CHECK(excerpt("Corto.", 100) == "Corto.");
  CHECK(excerpt("Uno dos tres. Cuatro cinco seis siete ocho.", 20) == "Uno dos tres.");
  auto cut = excerpt(std::string(30, 'a') + " " + std::string(30, 'b'), 40);
  CHECK(cut == std::string(30, 'a') + "…");
  CHECK(excerpt("ñññññññ", 5) == "ññ…");  // two bytes each: byte 5 is inside the third
}

TEST_CASE("A draft is never a greeting alone", "[ai][reply]") {
  for (const char* lang : {"es", "en"}) {
    for (const char* c : {"INFO", "TRACKING", "BILLING", "QUOTE", "COMPLAINT", "HUMAN", "OTHER"}) {
      auto draft = compose_draft(inputs(c, lang)).text;
      CHECK_FALSE(contains(draft, "¿En qué te podemos ayudar?"));
      CHECK_FALSE(contains(draft, "How can we help?"));
      // More than the greeting: at least a sentence after it.
      CHECK(draft.size() > 60);
    }
  }
}

TEST_CASE("A question with two parts quotes a passage of each article, both cited", "[ai][reply]") {
  auto in = inputs("INFO", "es");
  in.min_passage_score = 0.3;
  in.passages = {{3, "Horario de atención", "Atendemos de lunes a sábado de 9 a 19 h.", 0.7},
                 {3, "Horario de atención", "Los domingos no abrimos.", 0.6},
                 {9, "Devoluciones", "Aceptamos devoluciones dentro de los 30 días.", 0.5}};
  auto text = answer_from(compose_draft(in), "article:3,article:9");
  check_contains(text, {"lunes a sábado", "30 días", "«Horario de atención»", "«Devoluciones»"});
}

TEST_CASE("BILLING drafts list the customer's invoices, the one named first", "[ai][reply]") {
  auto in = inputs("BILLING", "es");
  in.invoices = {{"F-1002", "open", "MXN", 123450, "2026-12-20"},
                 {"F-1001", "paid", "MXN", 99900, "2026-11-01"}};
  in.triage.entities.invoice_number = "F-1001";
  auto text = answer_from(compose_draft(in), "invoices");
  CHECK(text.find("F-1001") < text.find("F-1002"));
  check_contains(text, {"F-1002: $1,234.50 MXN, pendiente de pago, vence el 2026-12-20",
                        "F-1001: $999.00 MXN, pagada"});
  auto en = inputs("BILLING", "en");
  en.invoices = {{"F-7", "overdue", "USD", 5000, "2026-10-01"}};
  CHECK(contains(compose_draft(en).text, "F-7: $50.00 USD, overdue, due 2026-10-01"));
}

TEST_CASE("QUOTE drafts list the items read from the message", "[ai][reply]") {
  auto in = inputs("QUOTE", "es");
  in.quote_items = extract_quote_items("quiero cotizar 20 cajas de tornillos y dos sillas");
  auto r = compose_draft(in);
  REQUIRE(r.answered);
  check_contains(r.text, {"20 × tornillos (caja)", "2 × sillas"});
}

TEST_CASE("A below-threshold draft asks for details after the grounded content", "[ai][reply]") {
  auto in = inputs("INFO", "es");
  in.min_passage_score = 0.3;
  in.passages = {{4, "Garantía", "Todos los equipos tienen 12 meses de garantía.", 0.6}};
  auto text = compose_ask_missing_draft(in);
  check_contains(text, {"12 meses", "¿nos cuentas un poco más?"});
  CHECK(contains(compose_ask_missing_draft(inputs("OTHER", "en")), "tell us a little more"));
}
