#include <catch2/catch.hpp>

#include "ai/entities.hpp"
#include "ai/language.hpp"
#include "ai/pre_rules.hpp"
#include "ai/risk.hpp"
#include "ai/text_fold.hpp"

using namespace centralita::ai;

namespace {

rule_outcome rules_for(std::string_view text) {
  return apply_pre_rules(fold_text(text), extract_entities(text));
}

std::string_view language_of(std::string_view text) {
  return detect_language(text, fold_text(text));
}

}  // namespace

TEST_CASE("folding drops accents, case, punctuation and emoji", "[ai]") {
  CHECK(fold_text("¿Dónde está mi PEDIDO?") == "donde esta mi pedido");
  CHECK(fold_text("  Ñandú,   pingüino!! 😀 ") == "nandu pinguino");
  CHECK(fold_text("don't") == "dont");
  CHECK(fold_text("").empty());
}

TEST_CASE("a bare order or tracking number is TRACKING", "[ai]") {
  CHECK(rules_for("CS1001").rule == "rule.bare_tracking_number");
  CHECK(rules_for("CS1001").category == "TRACKING");
  CHECK(rules_for("pedido 12345").category == "TRACKING");
  CHECK(rules_for("pedido 12345").rule == "rule.bare_order_number");
  CHECK(rules_for("#90311").category == "TRACKING");
  CHECK(rules_for("hola, mi pedido es el 55102 porfa").category == "TRACKING");
  CHECK(rules_for("order 00123842").category == "TRACKING");
  // Numbers with something else to say go to the model.
  CHECK(rules_for("pedido 12345 llego roto").category.empty());
  CHECK(rules_for("factura 12345").category.empty());
  CHECK(rules_for("me cobraron $500 del pedido 12345").category.empty());
}

TEST_CASE("an explicit request for a person is HUMAN, a negated one is not", "[ai]") {
  CHECK(rules_for("quiero hablar con un asesor").category == "HUMAN");
  CHECK(rules_for("Pásame con una persona real porfa").category == "HUMAN");
  CHECK(rules_for("llamenme al 5512345678").category == "HUMAN");
  CHECK(rules_for("I want to talk to a real person").category == "HUMAN");
  CHECK(rules_for("can I speak with a human agent?").category == "HUMAN");
  CHECK(rules_for("please call me back").category == "HUMAN");
  CHECK(rules_for("no me contestan, quiero hablar con alguien").category == "HUMAN");
  CHECK(rules_for("I don't know how I can talk to a person").category == "HUMAN");

  for (auto text : {"no quiero hablar con una persona",
                    "no quiero hablar con un agente, solo "
                    "dime donde esta mi pedido",
                    "no me pases con un asesor", "I don't want to talk to an agent",
                    "no necesito hablar con un humano"}) {
    INFO(text);
    auto r = rules_for(text);
    CHECK(r.category != "HUMAN");
    CHECK(r.forbid_human);
  }
}

TEST_CASE("the model never answers HUMAN to a negated request", "[ai]") {
  auto& model = triage_model::builtin();
  for (auto text : {"no quiero hablar con una persona",
                    "no quiero hablar con un asesor, "
                    "solo dime donde esta mi pedido 48213",
                    "I don't want to talk to a human"}) {
    INFO(text);
    CHECK(model.classify(text).category != "HUMAN");
  }
}

TEST_CASE("a threat of PROFECO or a lawsuit is COMPLAINT, unless a person is asked for", "[ai]") {
  CHECK(rules_for("me cobraron dos veces, voy a ir a la PROFECO").rule == "rule.threat");
  CHECK(rules_for("los voy a demandar").category == "COMPLAINT");
  CHECK(rules_for("expect a lawsuit from me").category == "COMPLAINT");
  CHECK(rules_for("tell me a lawyer joke").category.empty());
  CHECK(rules_for("quiero hablar con un gerente o voy a Profeco").category == "HUMAN");
  CHECK(rules_for("hay mucha demanda de este producto?").category.empty());
}

TEST_CASE("a spam link is OTHER, an ordinary link is not decided by a rule", "[ai]") {
  CHECK(rules_for("GANASTE un iphone gratis!! entra a http://bit.ly/xyz").rule == "rule.spam_link");
  CHECK(rules_for("Win a free prize at www.example.com").category == "OTHER");
  CHECK(rules_for("el link https://tienda.mx/pedido no abre").category.empty());
}

TEST_CASE("language detection tells Spanish from English", "[ai]") {
  CHECK(language_of("hola, donde esta mi pedido?") == "es");
  CHECK(language_of("q onda, xq no llega mi paquete") == "es");
  CHECK(language_of("¿Cuándo llega?") == "es");
  CHECK(language_of("vos sabes cuanto cuesta") == "es");
  CHECK(language_of("where is my order?") == "en");
  CHECK(language_of("I was charged twice, please help") == "en");
  CHECK(language_of("can u check my refund") == "en");
  CHECK(language_of("CS1001") == "es");  // undecided: the default
}

TEST_CASE("risk follows the category and rises with anger", "[ai]") {
  CHECK(assess_risk("COMPLAINT", false) == risk_level::high);
  CHECK(assess_risk("HUMAN", false) == risk_level::high);
  CHECK(assess_risk("BILLING", false) == risk_level::medium);
  CHECK(assess_risk("INFO", false) == risk_level::low);
  CHECK(assess_risk("TRACKING", true) == risk_level::high);
  auto angry = [](std::string_view t) { return shows_anger(t, fold_text(t)); };
  CHECK(angry("voy a ir a la PROFECO"));
  CHECK(angry("los voy a demandar"));
  CHECK(angry("donde esta mi pedido!!!"));
  CHECK(angry("DONDE ESTA MI PEDIDO, YA PASO UNA SEMANA"));
  CHECK(angry("son unos ladrones 😡"));
  CHECK_FALSE(angry("hola, donde esta mi pedido?"));
  CHECK_FALSE(angry("gracias!"));
  CHECK(to_string(risk_level::medium) == "medium");
}

TEST_CASE("a question about the return window is INFO, money asked back is not", "[ai]") {
  CHECK(rules_for("¿Cuántos días tengo para devolver un producto que no me gustó?").category ==
        "INFO");
  CHECK(rules_for("can I return it if it doesn't fit?").rule == "rule.return_policy");
  CHECK(rules_for("puedo cambiar la talla si no me queda").category == "INFO");
  CHECK(rules_for("cuando me regresan mi dinero de la devolucion").category.empty());
  CHECK(rules_for("quiero devolver la licuadora, llego rota").category.empty());
  CHECK(rules_for("puedo cambiar la direccion de entrega?").category.empty());
}

TEST_CASE("a quote request that names quantities is QUOTE", "[ai]") {
  CHECK(rules_for("can you quote 30 office chairs delivered to austin").category == "QUOTE");
  CHECK(rules_for("precio de 20 cajas de tornillos").rule == "rule.quote_items");
  CHECK(rules_for("cuanto cuesta la freidora").category.empty());  // the model decides
  CHECK(rules_for("el precio de mi pedido 12345 estaba mal").category.empty());
}

TEST_CASE("a negated complaint keeps the model from answering COMPLAINT", "[ai]") {
  CHECK(rules_for("no quiero quejarme, solo saber si abren el domingo").forbid_complaint);
  CHECK(rules_for("not a complaint, just asking").forbid_complaint);
  CHECK_FALSE(rules_for("quiero poner una queja").forbid_complaint);
  CHECK(rules_for("is there a human there?").category == "HUMAN");
}
