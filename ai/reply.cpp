#include "ai/reply.hpp"

#include <cctype>

namespace centralita::ai {

namespace {

bool spanish(const reply_inputs& in) { return in.triage.language != "en"; }

std::string greeting(const reply_inputs& in) {
  std::string first = in.customer_name.substr(0, in.customer_name.find(' '));
  if (spanish(in)) return first.empty() ? "¡Hola!" : "¡Hola, " + first + "!";
  return first.empty() ? "Hi!" : "Hi " + first + "!";
}

// Markdown markers an answer on WhatsApp should not show: headings, emphasis, list bullets.
std::string plain_text(const std::string& md) {
  std::string out;
  out.reserve(md.size());
  bool line_start = true;
  for (size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (line_start && (c == '#' || c == '>' ||
                       ((c == '-' || c == '*') && i + 1 < md.size() && md[i + 1] == ' '))) {
      while (i + 1 < md.size() && (md[i + 1] == '#' || md[i + 1] == ' ')) ++i;
      continue;
    }
    if (c == '*' || c == '_' || c == '`') continue;
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      line_start = true;
      continue;
    }
    line_start = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string status_words(const std::string& tag, bool es) {
  struct row {
    const char *tag, *es, *en;
  };
  static const row rows[] = {
      {"Pending", "registrado, esperando la recolección", "registered, waiting for pick-up"},
      {"InfoReceived", "registrado por la paquetería", "registered with the carrier"},
      {"InTransit", "en camino", "in transit"},
      {"OutForDelivery", "en reparto, llega hoy", "out for delivery today"},
      {"AttemptFail", "con un intento de entrega fallido", "after a failed delivery attempt"},
      {"Delivered", "entregado", "delivered"},
      {"AvailableForPickup", "listo para recoger", "ready for pick-up"},
      {"Exception", "detenido por una incidencia", "held up by an exception"},
      {"Expired", "sin actualizaciones recientes", "without recent updates"},
  };
  for (const auto& r : rows) {
    if (tag == r.tag) return es ? r.es : r.en;
  }
  return tag;
}

std::string tracking_text(const reply_inputs& in, const tracking_facts& t) {
  bool es = spanish(in);
  std::string s = greeting(in) + (es ? " Tu envío " : " Your shipment ") + t.tracking_number +
                  (es ? " está " : " is ") + status_words(t.status, es);
  if (!t.location.empty())
    s += (es ? " (última ubicación: " : " (last seen in ") + t.location + ")";
  s += ".";
  if (!t.eta.empty() && t.status != "Delivered") {
    s += es ? " Entrega estimada: " + t.eta + "." : " Estimated delivery: " + t.eta + ".";
  }
  s += es ? " ¿Te ayudo con algo más?" : " Anything else I can help with?";
  return s;
}

std::string knowledge_text(const reply_inputs& in, const knowledge_passage& p) {
  bool es = spanish(in);
  return greeting(in) + " " + excerpt(plain_text(p.text), 480) + "\n\n" +
         cite_source(p.title, in.triage.language) +
         (es ? " ¿Te ayudo con algo más?" : " Anything else I can help with?");
}

}  // namespace

std::string cite_source(const std::string& title, const std::string& language) {
  return language == "en" ? "(Source: “" + title + "”)." : "(Fuente: «" + title + "»).";
}

std::string excerpt(const std::string& text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  // The last sentence end within the limit, else the last space, never inside a UTF-8 sequence.
  size_t cut = std::string::npos;
  for (size_t i = 0; i < max_chars; ++i) {
    char c = text[i];
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ')) {
      cut = i + 1;
    }
  }
  if (cut == std::string::npos || cut < max_chars / 3) {
    cut = text.rfind(' ', max_chars);
    if (cut == std::string::npos) {
      cut = max_chars;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    return text.substr(0, cut) + "…";
  }
  return text.substr(0, cut);
}

composed_reply compose_answer(const reply_inputs& in) {
  const std::string& cat = in.triage.category;
  if (cat == "TRACKING" && in.tracking) {
    return {tracking_text(in, *in.tracking), true, "shipment:" + in.tracking->tracking_number};
  }
  if (cat == "INFO" && !in.passages.empty() && in.passages.front().score >= in.min_passage_score) {
    const auto& p = in.passages.front();
    return {knowledge_text(in, p), true, "article:" + std::to_string(p.article_id)};
  }
  return {};
}

composed_reply compose_draft(const reply_inputs& in) {
  if (auto answer = compose_answer(in); answer.answered) return answer;
  bool es = spanish(in);
  const auto& t = in.triage;
  std::string s = greeting(in) + " ";
  if (t.category == "COMPLAINT") {
    s += es ? "Lamentamos mucho lo ocurrido y queremos resolverlo cuanto antes. Ya estamos "
              "revisando tu caso; en breve te damos una solución."
            : "We are very sorry about this and want to put it right quickly. We are looking "
              "into your case and will come back with a solution shortly.";
  } else if (t.category == "BILLING") {
    std::string inv = t.entities.invoice_number;
    s += es ? "Con gusto revisamos tu facturación" +
                  (inv.empty() ? std::string{"."} : " (factura " + inv + ").") +
                  " En un momento te confirmamos el detalle."
            : "We are happy to check your billing" +
                  (inv.empty() ? std::string{"."} : " (invoice " + inv + ").") +
                  " We will confirm the details in a moment.";
  } else if (t.category == "QUOTE") {
    s += es ? "Con gusto te preparamos una cotización. ¿Nos confirmas productos, cantidades y "
              "ciudad de entrega?"
            : "We'd be glad to prepare a quote. Could you confirm the products, quantities and "
              "delivery city?";
  } else if (t.category == "TRACKING") {
    return {compose_ask_missing(in), false, ""};
  } else if (t.category == "HUMAN") {
    return {compose_handoff(in), false, ""};
  } else {
    s += es ? "Gracias por escribirnos. ¿En qué te podemos ayudar?"
            : "Thanks for reaching out. How can we help?";
  }
  return {s, false, ""};
}

std::string compose_ask_missing(const reply_inputs& in) {
  bool es = spanish(in);
  if (in.triage.category == "TRACKING") {
    return greeting(in) + (es ? " Con gusto reviso tu envío. ¿Me compartes tu número de pedido o "
                                "de guía (por ejemplo, CS1001)?"
                              : " I'm happy to check your shipment. Could you share your order "
                                "or tracking number (for example, CS1001)?");
  }
  return greeting(in) + (es ? " Gracias por escribirnos. Para ayudarte mejor, ¿nos cuentas un "
                              "poco más (tu número de pedido o de factura, si lo tienes)? Un "
                              "agente ya tiene tu caso."
                            : " Thanks for writing. To help you better, could you tell us a "
                              "little more (your order or invoice number, if you have it)? An "
                              "agent already has your case.");
}

std::string compose_handoff(const reply_inputs& in) {
  return greeting(in) + (spanish(in) ? " Te comunico con una persona de nuestro equipo; en breve "
                                       "te responde por aquí."
                                     : " I'm passing you to a person on our team; they will "
                                       "reply here shortly.");
}

}  // namespace centralita::ai
