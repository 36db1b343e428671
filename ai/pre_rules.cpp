#include "ai/pre_rules.hpp"

#include <vector>

#include "ai/quote_items.hpp"
#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

using words_t = std::vector<std::string_view>;

// Who a customer asks for.
bool is_person_word(std::string_view w) {
  return is_one_of(
      w, {"persona",   "humano",     "humana",         "agente",    "asesor",        "asesora",
          "ejecutivo", "ejecutiva",  "operador",       "operadora", "alguien",       "encargado",
          "encargada", "supervisor", "supervisora",    "gerente",   "representante", "person",
          "human",     "agent",      "representative", "rep",       "someone",       "somebody",
          "operator",  "manager",    "supervisor",     "people",    "staff",         "employee",
          "empleado"});
}

// Verbs and phrases of asking to talk to someone.
bool is_contact_word(std::string_view w) {
  return is_one_of(
      w, {"hablar",     "habla",     "platicar",    "comunicarme", "comunicame", "comuniquenme",
          "pasame",     "pasenme",   "pasa",        "pases",       "pasen",      "comuniques",
          "comuniquen", "contactar", "contactarme", "talk",        "speak",      "chat",
          "contact",    "connect",   "transfer",    "put",         "get",        "reach",
          "conectame",  "conteste",  "contesten",   "atienda",     "atiendan",   "responda"});
}

// True when a negated wish shortly before the request turns it down ("no quiero hablar con una
// persona", "no me pases con nadie", "I don't want an agent"); "no me contestan, quiero hablar
// con alguien" and "I don't know how to reach an agent" are still requests.
bool negates(const words_t& w, std::size_t at) {
  auto from = at >= 6 ? at - 6 : 0;
  for (auto i = from; i < at; ++i) {
    if (!is_one_of(w[i], {"no", "nunca", "dont", "never", "not", "doesnt", "didnt"})) continue;
    for (auto j = i + 1; j <= at && j <= i + 2; ++j) {
      if (is_one_of(w[j], {"quiero", "necesito", "ocupo", "deseo", "quisiera", "pases", "pasen",
                           "comuniques", "comuniquen", "want", "need", "wanna", "hace", "interesa",
                           "transfer", "put", "connect", "hay"})) {
        return true;
      }
    }
  }
  return false;
}

// "no quiero quejarme", "no es (una) queja", "not a complaint", "no complaint".
bool negated_complaint(const words_t& w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!is_one_of(w[i], {"queja", "quejarme", "quejar", "reclamo", "reclamar", "complaint",
                          "complain", "complaining"})) {
      continue;
    }
    auto from = i >= 3 ? i - 3 : 0;
    for (auto j = from; j < i; ++j) {
      if (is_one_of(w[j], {"no", "not", "dont", "ni", "nada"})) return true;
    }
  }
  return false;
}

bool any_of_words(const words_t& w, std::initializer_list<std::string_view> list) {
  for (auto x : w) {
    if (is_one_of(x, list)) return true;
  }
  return false;
}

// A question about the return or exchange window or policy, with no money asked back:
// "¿cuántos días tengo para devolver…?", "can I return it if…", "política de cambios".
bool asks_return_policy(const words_t& w) {
  bool returns = any_of_words(w, {"devolver", "devolucion", "devoluciones", "return", "returns",
                                  "exchange"}) ||
                 (any_of_words(w, {"cambiar", "cambio", "cambios"}) &&
                  any_of_words(w, {"talla", "color", "producto", "gusta", "gusto", "queda", "quedo",
                                   "modelo", "articulo"}));
  if (!returns) return false;
  bool question =
      any_of_words(w, {"cuantos", "cuanto", "plazo", "puedo", "puede", "politica", "politicas",
                       "aceptan", "policy", "window", "long", "can", "tengo", "hay"});
  bool money = any_of_words(
      w, {"reembolso", "reembolsan", "dinero", "cobro", "cobraron", "cargo", "regresan", "refund",
          "refunded", "charged", "money", "factura", "roto", "rota", "broken", "danado", "danada"});
  return question && !money;
}

// A request for a price that names what and how many: "can you quote 30 office chairs".
bool asks_quote_with_items(std::string_view folded, const words_t& w) {
  if (!any_of_words(w, {"cotizar", "cotizacion", "cotizame", "cotizas", "presupuesto", "precio",
                        "precios", "quote", "price", "prices", "mayoreo", "wholesale"})) {
    return false;
  }
  if (any_of_words(w, {"reembolso", "refund", "factura", "invoice", "cobraron", "charged", "pedido",
                       "order", "envio", "guia"})) {
    return false;
  }
  for (const auto& item : extract_quote_items(folded)) {
    if (item.quantity > 1 || !item.unit.empty()) return true;
  }
  return false;
}

bool has_link(std::string_view folded) {
  for (auto w : split_words(folded)) {
    if (is_one_of(w, {"http", "https", "www", "bit", "ly"})) return true;
  }
  return false;
}

}  // namespace

bool asks_for_human(std::string_view folded, bool& negated) {
  negated = false;
  auto w = split_words(folded);
  bool found = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    bool hit = false;
    // "hablar con un asesor", "talk to a real person", "pasame con alguien".
    if (is_contact_word(w[i]) || (w[i] == "there" && i > 0 && w[i - 1] == "is")) {
      for (std::size_t j = i + 1; j < w.size() && j <= i + 5; ++j) {
        if (is_person_word(w[j])) {
          hit = true;
          break;
        }
        // "no quiero hablar con nadie", "I don't want to talk to anyone": a refusal.
        if (j <= i + 3 && is_one_of(w[j], {"nadie", "anyone", "anybody", "nobody"})) {
          negated = true;
          break;
        }
      }
    }
    // "live agent", "human agent", "real person", "persona real", "agente humano".
    if (i + 1 < w.size() &&
        ((is_one_of(w[i], {"live", "human", "real"}) && is_person_word(w[i + 1])) ||
         (is_person_word(w[i]) &&
          is_one_of(w[i + 1], {"real", "humano", "humana", "de", "verdad"})))) {
      hit = hit || (i + 2 >= w.size() || w[i + 1] != "de" || w[i + 2] == "verdad");
    }
    // "atencion de una persona", "atencion humana".
    if (w[i] == "atencion" && i + 1 < w.size() &&
        (is_one_of(w[i + 1], {"humana", "personal", "personalizada"}) ||
         (is_one_of(w[i + 1], {"de", "por"}) && i + 2 < w.size() &&
          (is_person_word(w[i + 2]) || (i + 3 < w.size() && is_person_word(w[i + 3])))))) {
      hit = true;
    }
    // "llamenme", "call me back", "me pueden llamar".
    if (is_one_of(w[i], {"llamenme", "marquenme", "llamame", "callback"}) ||
        (w[i] == "call" && i + 2 < w.size() && w[i + 1] == "me" && w[i + 2] == "back") ||
        (is_one_of(w[i], {"llamar", "marcar", "llaman", "marcan", "llamen", "marquen"}) &&
         ((i > 0 && w[i - 1] == "me") || (i > 1 && w[i - 2] == "me"))) ||
        (w[i] == "me" && i + 1 < w.size() && is_one_of(w[i + 1], {"llamen", "llame", "marquen"}))) {
      hit = true;
    }
    if (!hit) continue;
    if (negates(w, i)) {
      negated = true;
      continue;
    }
    found = true;
  }
  // A message that is only a person word and courtesy: "representative", "asesor porfa".
  if (!found && !negated && !w.empty() && w.size() <= 4) {
    bool person = false;
    bool only = true;
    for (auto x : w) {
      if (is_person_word(x) && x != "someone" && x != "alguien" && x != "people") {
        person = true;
      } else if (!is_one_of(x, {"please", "pls", "porfa", "xfa", "por", "favor", "hi", "hola", "un",
                                "una", "a", "an", "ya", "now", "quiero", "want", "i", "buenas"})) {
        only = false;
      }
    }
    found = person && only;
  }
  if (found) negated = false;
  return found;
}

rule_outcome apply_pre_rules(std::string_view folded, const triage_entities& entities) {
  rule_outcome out;
  auto w = split_words(folded);

  // Spam: a link together with the usual bait.
  if (has_link(folded)) {
    for (auto x : w) {
      if (is_one_of(x, {"gana",   "ganaste", "premio",    "gratis",   "promo", "bitcoin",
                        "crypto", "cripto",  "inversion", "winner",   "won",   "prize",
                        "free",   "casino",  "apuestas",  "prestamo", "loan",  "oferta",
                        "sorteo", "invest",  "click",     "clic",     "earn",  "ganar"})) {
        return {"OTHER", "rule.spam_link", 0.95, false};
      }
    }
  }

  bool negated = false;
  if (asks_for_human(folded, negated)) return {"HUMAN", "rule.asks_for_human", 0.95, false};
  out.forbid_human = negated;

  // A threat of PROFECO or of a lawsuit is a complaint, whatever else the message asks.
  for (auto x : w) {
    if (is_one_of(x, {"profeco", "condusef", "demandar", "demandare", "demandarlos", "demandarles",
                      "abogado", "abogados", "lawsuit"})) {
      return {"COMPLAINT", "rule.threat", 0.9, negated};
    }
  }

  out.forbid_complaint = negated_complaint(w);
  if (asks_return_policy(w))
    return {"INFO", "rule.return_policy", 0.85, negated, out.forbid_complaint};
  if (asks_quote_with_items(folded, w))
    return {"QUOTE", "rule.quote_items", 0.85, negated, out.forbid_complaint};

  // A bare order or tracking number: the message is the number plus at most filler words.
  bool has_ref = !entities.order_number.empty() || !entities.tracking_number.empty();
  if (has_ref && entities.invoice_number.empty() && entities.amount.empty() && w.size() <= 8) {
    bool bare = true;
    for (auto x : w) {
      if (is_digits(x) || is_code(x)) continue;
      if (!is_one_of(
              x, {"pedido",  "orden",       "order",  "guia",     "tracking", "rastreo",  "numero",
                  "no",      "num",         "nro",    "n",        "mi",       "my",       "es",
                  "el",      "is",          "de",     "del",      "hola",     "hi",       "hello",
                  "buenas",  "porfa",       "xfa",    "please",   "pls",      "gracias",  "thanks",
                  "cs",      "seguimiento", "number", "id",       "compra",   "purchase", "envio",
                  "paquete", "buen",        "buenos", "dia",      "dias",     "tardes",   "noches",
                  "que",     "tal",         "oye",    "disculpa", "good",     "morning",  "hey",
                  "status",  "estado",      "track"})) {
        bare = false;
        break;
      }
    }
    if (bare) {
      out.category = "TRACKING";
      out.rule = !entities.tracking_number.empty() ? "rule.bare_tracking_number"
                                                   : "rule.bare_order_number";
      out.confidence = 0.95;
    }
  }
  return out;
}

}  // namespace centralita::ai
