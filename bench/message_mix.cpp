#include "bench/message_mix.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace centralita::bench {

namespace {

// One category's first messages, Spanish and English. Slots: {order} an order number, {ref} a
// tracking number (half of them known to the demo tenant), {qty} a quantity, {product} a product.
struct topic {
  const char* category;
  double share;  // of first messages; the shares add up to 1
  std::array<const char*, 5> es;
  std::array<const char*, 5> en;
};

// The distribution is README › Benchmarks › The message mix; change both together.
const std::array<topic, 7> topics = {{
    {"TRACKING",
     0.28,
     {"Hola, ¿dónde está mi pedido {order}?", "¿Me pueden decir cuándo llega la guía {ref}?",
      "buenas tardes, mi paquete {ref} no se mueve desde hace 3 dias",
      "Necesito saber el estatus de mi envío, el número es {ref}",
      "ya pasó una semana y mi pedido {order} no llega, me ayudan?"},
     {"Hi, where is my order {order}?", "When will tracking {ref} be delivered?",
      "my package {ref} hasn't moved in three days", "Can you check the status of shipment {ref}?",
      "order {order} still not here after a week, any update?"}},
    {"INFO",
     0.24,
     {"¿Cuál es el horario de atención?", "¿Hacen envíos a Monterrey y cuánto tardan?",
      "Hola! aceptan devoluciones si el producto no me gustó?", "¿Qué garantía tiene la {product}?",
      "¿Tienen tienda física o solo venden en línea?"},
     {"What are your opening hours?", "Do you ship to Guadalajara and how long does it take?",
      "Can I return an item I didn't like?", "What warranty does the {product} have?",
      "Do you have a physical store?"}},
    {"BILLING",
     0.14,
     {"Necesito la factura de mi compra {order}", "Me cobraron dos veces el pedido {order}",
      "¿Cómo pago mi factura pendiente?", "no me llegó el CFDI de la compra {order}",
      "¿Cuánto debo de la factura de este mes?"},
     {"I need the invoice for order {order}", "I was charged twice for order {order}",
      "How do I pay my pending invoice?", "I didn't get the receipt for order {order}",
      "How much do I owe this month?"}},
    {"QUOTE",
     0.08,
     {"Quiero cotizar {qty} cajas de {product}", "¿Me pasan precio de {qty} {product}?",
      "cotización para {qty} piezas de {product} por favor",
      "¿Cuánto costarían {qty} {product} con envío?", "Necesito presupuesto de {qty} {product}"},
     {"I'd like a quote for {qty} boxes of {product}", "Price for {qty} {product}?",
      "please quote {qty} pcs of {product}", "How much for {qty} {product} with shipping?",
      "Need a quote: {qty} {product}"}},
    {"COMPLAINT",
     0.10,
     {"Llegó roto el producto del pedido {order}, muy mal servicio",
      "Es la tercera vez que escribo y nadie me responde",
      "el repartidor fue muy grosero, quiero poner una queja",
      "Me llegó un producto diferente al que pedí", "pésimo, la {product} dejó de funcionar"},
     {"My order {order} arrived broken, terrible service",
      "This is the third time I write and nobody answers",
      "The courier was rude, I want to complain", "I received the wrong item",
      "the {product} stopped working, awful"}},
    {"HUMAN",
     0.06,
     {"Quiero hablar con una persona", "¿Me comunican con un asesor por favor?",
      "necesito hablar con alguien de ventas", "pásenme con un humano",
      "¿Me puede llamar un agente?"},
     {"I want to talk to a person", "Can I speak with an agent please?",
      "I need to talk to someone in sales", "let me talk to a human", "Can an agent call me?"}},
    {"OTHER",
     0.10,
     {"Hola", "Buenos días", "ok gracias", "👍", "¿Hay alguien ahí?"},
     {"Hi", "Good morning", "ok thanks", "👍", "Anyone there?"}},
}};

const std::array<const char*, 6> products = {"licuadora", "silla de oficina", "pantalla 50\"",
                                             "tornillos", "cafetera",         "mesa plegable"};

// A customer coming back to the case they opened (one in ten messages).
const std::array<const char*, 4> repeats_es = {
    "Sigo esperando respuesta sobre {ref}", "¿Alguna novedad con lo de {ref}?",
    "Hola, otra vez yo, ¿qué pasó con mi caso?", "ya van dos días y nada de {ref}"};
const std::array<const char*, 4> repeats_en = {"Still waiting about {ref}", "Any news on {ref}?",
                                               "Hi again, what happened with my case?",
                                               "two days and nothing on {ref}"};
// Details and courtesies inside a conversation.
const std::array<const char*, 5> details_es = {"es el pedido {order}", "gracias!", "ok",
                                               "mi correo es cliente@example.com",
                                               "a nombre de Laura Pérez"};
const std::array<const char*, 5> details_en = {"it's order {order}", "thanks!", "ok",
                                               "my email is customer@example.com",
                                               "under the name Laura Perez"};

template <size_t N>
const char* one_of(const std::array<const char*, N>& options, size_t i) {
  return options[i % N];
}

}  // namespace

mix_customer message_mix::new_customer() {
  mix_customer c;
  c.spanish = uniform() < 0.7;
  return c;
}

std::string message_mix::next(mix_customer& who) {
  std::string text = who.messages == 0 ? first_message(who) : follow_up(who);
  ++who.messages;
  return text;
}

std::string message_mix::first_message(mix_customer& who) {
  double r = uniform();
  const topic* chosen = &topics.back();
  for (const auto& t : topics) {
    if (r < t.share) {
      chosen = &t;
      break;
    }
    r -= t.share;
  }
  who.case_topic = chosen->category;
  // Half the tracking numbers are the demo tenant's shipments, half unknown to it.
  who.case_ref = uniform() < 0.5 ? "CS" + std::to_string(1001 + pick(10))
                                 : "CS" + std::to_string(70000 + pick(20000));
  const auto& texts = who.spanish ? chosen->es : chosen->en;
  return fill(texts[pick(texts.size())], who);
}

std::string message_mix::follow_up(mix_customer& who) {
  double r = uniform();
  if (r < 0.10 && !who.case_topic.empty()) {
    return fill(who.spanish ? one_of(repeats_es, pick(4)) : one_of(repeats_en, pick(4)), who);
  }
  if (r < 0.35) {
    return fill(who.spanish ? one_of(details_es, pick(5)) : one_of(details_en, pick(5)), who);
  }
  return first_message(who);
}

std::string message_mix::fill(const std::string& pattern, const mix_customer& who) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size();) {
    auto slot = [&](std::string_view name) { return pattern.compare(i, name.size(), name) == 0; };
    if (slot("{order}")) {
      out += std::to_string(1000 + pick(9000));
      i += 7;
    } else if (slot("{ref}")) {
      out += who.case_ref;
      i += 5;
    } else if (slot("{qty}")) {
      out += std::to_string(2 + pick(99));
      i += 5;
    } else if (slot("{product}")) {
      out += products[pick(products.size())];
      i += 9;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

}  // namespace centralita::bench
