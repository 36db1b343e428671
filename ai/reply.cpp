#include "ai/reply.hpp"

#include <cctype>
#include <cstdio>
#include <string_view>

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
  bool heading = false;  // a heading runs into its text: "Requisitos: El producto…"
  for (size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (line_start && (c == '#' || c == '>' ||
                       ((c == '-' || c == '*') && i + 1 < md.size() && md[i + 1] == ' '))) {
      heading = c == '#';
      while (i + 1 < md.size() && (md[i + 1] == '#' || md[i + 1] == ' ')) ++i;
      continue;
    }
    if (c == '*' || c == '_' || c == '`') continue;
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (heading && !out.empty() &&
          std::string_view{".:?!"}.find(out.back()) == std::string_view::npos) {
        out += ':';
      }
      heading = false;
      if (!out.empty()) out += ' ';
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

// The best passage, and a second one from another article when it answers too (a question
// with two parts: "¿horario y devoluciones?"), each cited.
std::vector<const knowledge_passage*> answering(const reply_inputs& in) {
  std::vector<const knowledge_passage*> out;
  for (const auto& p : in.passages) {
    if (p.score < in.min_passage_score) continue;
    if (!out.empty() && p.article_id == out.front()->article_id) continue;
    out.push_back(&p);
    if (out.size() == 2) break;
  }
  return out;
}

std::string closing(bool es) {
  return es ? " ¿Te ayudo con algo más?" : " Anything else I can help with?";
}

std::string knowledge_body(const reply_inputs& in,
                           const std::vector<const knowledge_passage*>& ps) {
  std::string s;
  size_t budget = ps.size() > 1 ? 320 : 480;
  for (const auto* p : ps) {
    if (!s.empty()) s += "\n\n";
    s += excerpt(plain_text(p->text), budget) + " " + cite_source(p->title, in.triage.language);
  }
  return s;
}

std::string knowledge_source(const std::vector<const knowledge_passage*>& ps) {
  std::string s;
  for (const auto* p : ps)
    s += (s.empty() ? "article:" : ",article:") + std::to_string(p->article_id);
  return s;
}

// "$1,234.50 MXN"
std::string money(int64_t cents, const std::string& currency) {
  std::string units = std::to_string(cents / 100);
  for (int i = static_cast<int>(units.size()) - 3; i > 0; i -= 3)
    units.insert(static_cast<size_t>(i), ",");
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(cents % 100));
  return "$" + units + "." + frac + " " + currency;
}

std::string invoice_status_words(const std::string& status, bool es) {
  struct row {
    const char *status, *es, *en;
  };
  static const row rows[] = {{"draft", "en borrador", "draft"},
                             {"open", "pendiente de pago", "open"},
                             {"paid", "pagada", "paid"},
                             {"overdue", "vencida", "overdue"},
                             {"void", "cancelada", "void"}};
  for (const auto& r : rows) {
    if (status == r.status) return es ? r.es : r.en;
  }
  return status;
}

// The invoice the customer names first, then the others, up to three.
std::string invoices_text(const reply_inputs& in) {
  bool es = spanish(in);
  std::vector<const invoice_facts*> order;
  const auto& named = in.triage.entities.invoice_number;
  for (const auto& f : in.invoices) {
    if (!named.empty() && f.number == named)
      order.insert(order.begin(), &f);
    else
      order.push_back(&f);
  }
  if (order.size() > 3) order.resize(3);
  std::string s = greeting(in) + (es ? " Estas son tus facturas más recientes:"
                                     : " These are your latest invoices:");
  for (const auto* f : order) {
    s += "\n- " + f->number + ": " + money(f->amount_cents, f->currency) + ", " +
         invoice_status_words(f->status, es);
    if (!f->due_date.empty() && (f->status == "open" || f->status == "overdue")) {
      s += (es ? ", vence el " : ", due ") + f->due_date;
    }
  }
  s += es ? "\n¿Sobre cuál es tu consulta?" : "\nWhich one is your question about?";
  return s;
}

std::string quote_text(const reply_inputs& in) {
  bool es = spanish(in);
  std::string s = greeting(in) + (es ? " Con gusto te preparamos la cotización de:"
                                     : " We'd be glad to prepare a quote for:");
  for (const auto& item : in.quote_items) s += "\n- " + describe(item);
  s += es ? "\n¿Nos confirmas la ciudad de entrega para darte el precio final?"
          : "\nCould you confirm the delivery city so we can give you the final price?";
  return s;
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
  if (cat == "INFO") {
    auto ps = answering(in);
    if (!ps.empty()) {
      return {greeting(in) + " " + knowledge_body(in, ps) + closing(spanish(in)), true,
              knowledge_source(ps)};
    }
  }
  return {};
}

composed_reply compose_draft(const reply_inputs& in) {
  if (auto answer = compose_answer(in); answer.answered) return answer;
  bool es = spanish(in);
  const auto& cat = in.triage.category;
  if (cat == "BILLING" && !in.invoices.empty()) {
    return {invoices_text(in), true, "invoices"};
  }
  if (cat == "QUOTE" && !in.quote_items.empty()) {
    return {quote_text(in), true, "quote_items"};
  }
  if (cat == "TRACKING") return {compose_ask_missing(in), false, ""};
  if (cat == "HUMAN") return {compose_handoff(in), false, ""};
  if (cat == "COMPLAINT") {
    return {greeting(in) +
                (es ? " Lamentamos mucho lo ocurrido y queremos resolverlo cuanto antes. Ya "
                      "estamos revisando tu caso; en breve te damos una solución."
                    : " We are very sorry about this and want to put it right quickly. We are "
                      "looking into your case and will come back with a solution shortly."),
            false, ""};
  }
  // Any other category: a passage good enough answers what the model could not name.
  if (auto ps = answering(in); !ps.empty()) {
    return {greeting(in) + " " + knowledge_body(in, ps) + closing(es), true, knowledge_source(ps)};
  }
  if (cat == "BILLING") {
    const std::string& inv = in.triage.entities.invoice_number;
    return {greeting(in) + (es ? " Con gusto revisamos tu facturación" +
                                     (inv.empty() ? std::string{"."} : " (factura " + inv + ").") +
                                     " ¿Nos confirmas el número de factura o de pedido y el "
                                     "detalle de tu consulta?"
                               : " We are happy to check your billing" +
                                     (inv.empty() ? std::string{"."} : " (invoice " + inv + ").") +
                                     " Could you confirm the invoice or order number and what "
                                     "your question is about?"),
            false, ""};
  }
  if (cat == "QUOTE") {
    return {greeting(in) + (es ? " Con gusto te preparamos una cotización. ¿Nos confirmas "
                                 "productos, cantidades y ciudad de entrega?"
                               : " We'd be glad to prepare a quote. Could you confirm the "
                                 "products, quantities and delivery city?"),
            false, ""};
  }
  return {compose_ask_missing(in), false, ""};
}

std::string compose_ask_missing_draft(const reply_inputs& in) {
  auto draft = compose_draft(in);
  if (!draft.answered) return compose_ask_missing(in);
  bool es = spanish(in);
  return draft.text + (es ? "\n\nSi no es lo que buscabas, ¿nos cuentas un poco más?"
                          : "\n\nIf this is not what you were looking for, could you tell us a "
                            "little more?");
}

std::string compose_ask_missing(const reply_inputs& in) {
  bool es = spanish(in);
  if (in.triage.category == "TRACKING" && in.lookup == number_lookup::not_found) {
    return greeting(in) +
           (es ? " No encuentro ningún envío con el número " + in.looked_up +
                     ", ni en nuestros registros ni con la paquetería. ¿Puedes revisar que esté "
                     "completo? Una persona del equipo también lo está revisando."
               : " I can't find any shipment with the number " + in.looked_up +
                     ", neither in our records nor with the carrier. Could you check that it is "
                     "complete? A person on our team is looking into it too.");
  }
  if (in.triage.category == "TRACKING" && in.lookup == number_lookup::unavailable) {
    return greeting(in) +
           (es ? " No pude consultar el envío " + in.looked_up +
                     " con la paquetería en este momento. Una persona del equipo lo revisa y te "
                     "escribe por aquí."
               : " I couldn't check the shipment " + in.looked_up +
                     " with the carrier just now. A person on our team is checking it and will "
                     "write to you here.");
  }
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
