#include "ai/entities.hpp"

#include <catch2/catch.hpp>

using centralita::ai::extract_entities;
using centralita::ai::find_amount;

TEST_CASE("order numbers follow pedido, orden, order, compra or #", "[ai]") {
  CHECK(extract_entities("hola, mi pedido 12345 no llega").order_number == "12345");
  CHECK(extract_entities("orden número 778812?").order_number == "778812");
  CHECK(extract_entities("where is order #00123842").order_number == "00123842");
  CHECK(extract_entities("check the status of purchase 370795561790").order_number ==
        "370795561790");
  CHECK(extract_entities("mi compra #55102 ya salio?").order_number == "55102");
  CHECK(extract_entities("#90311").order_number == "90311");
  CHECK(extract_entities("quiero hacer un pedido").order_number.empty());
  CHECK(extract_entities("pedido de 2 piezas").order_number.empty());
}

TEST_CASE("tracking numbers: CS-style, UPS, postal, or after guía/tracking", "[ai]") {
  CHECK(extract_entities("CS1001").tracking_number == "CS1001");
  CHECK(extract_entities("mi guia es cs20931, no se mueve").tracking_number == "cs20931");
  CHECK(extract_entities("package 1Z999AA10123456784 is late").tracking_number ==
        "1Z999AA10123456784");
  CHECK(extract_entities("el envio RR123456789MX no llega").tracking_number == "RR123456789MX");
  CHECK(extract_entities("número de guía 7781200034").tracking_number == "7781200034");
  CHECK(extract_entities("tracking: 55512345").tracking_number == "55512345");
  CHECK(extract_entities("hola").tracking_number.empty());
}

TEST_CASE("invoice numbers: F-2024-001, FAC-123 or after factura/invoice/bill", "[ai]") {
  CHECK(extract_entities("necesito la factura F-2024-001").invoice_number == "F-2024-001");
  CHECK(extract_entities("reenvien FAC-123 porfa").invoice_number == "FAC-123");
  CHECK(extract_entities("la fac123 esta mal").invoice_number == "fac123");
  CHECK(extract_entities("factura 88213 con mi RFC").invoice_number == "88213");
  CHECK(extract_entities("check bill #12588").invoice_number == "12588");
  CHECK(extract_entities("I want the invoice INV-2024-7").invoice_number == "INV-2024-7");
  CHECK(extract_entities("quiero factura").invoice_number.empty());
}

TEST_CASE("e-mail addresses", "[ai]") {
  CHECK(extract_entities("mi correo es ana.lopez@gmail.com.").email == "ana.lopez@gmail.com");
  CHECK(extract_entities("send it to j_perez+bills@empresa.com.mx please").email ==
        "j_perez+bills@empresa.com.mx");
  CHECK(extract_entities("arroba @ sola").email.empty());
  CHECK(extract_entities("user@localhost").email.empty());
}

TEST_CASE("amounts with $, €, MXN, USD and currency words", "[ai]") {
  CHECK(find_amount("me cobraron $1,250.50 MXN de mas") == "$1,250.50 MXN");
  CHECK(find_amount("un cargo de $349") == "$349");
  CHECK(find_amount("fueron 300 USD") == "300 USD");
  CHECK(find_amount("pague 500 pesos") == "500 pesos");
  CHECK(find_amount("MXN 1200 cobrados") == "MXN 1200");
  CHECK(find_amount("the extra \xE2\x82\xAC"
                    "1 fee") ==
        "\xE2\x82\xAC"
        "1");
  CHECK(find_amount("a refund of 160 dollars") == "160 dollars");
  CHECK(find_amount("pedido 12345") == "");
  CHECK(find_amount("cuesta $ ") == "");
  CHECK(extract_entities("me cobraron $99.90 dos veces").amount == "$99.90");
}

TEST_CASE("several entities in one message", "[ai]") {
  auto e = extract_entities(
      "Pedido 48213, guía CS1002, factura F-2024-001 por $1,250.00 MXN; correo ana@example.com");
  CHECK(e.order_number == "48213");
  CHECK(e.tracking_number == "CS1002");
  CHECK(e.invoice_number == "F-2024-001");
  CHECK(e.amount == "$1,250.00 MXN");
  CHECK(e.email == "ana@example.com");
}
