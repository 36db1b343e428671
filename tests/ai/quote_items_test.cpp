#include "ai/quote_items.hpp"

#include <catch2/catch.hpp>

using centralita::ai::extract_quote_items;

TEST_CASE("quote items: a quantity in digits or words, then what", "[ai]") {
  auto items = extract_quote_items("Hola, quiero cotizar 2 sillas gamer y 3 escritorios de pino");
  REQUIRE(items.size() == 2);
  CHECK(items[0].description == "sillas gamer");
  CHECK(items[0].quantity == 2);
  CHECK(items[1].description == "escritorios de pino");
  CHECK(items[1].quantity == 3);

  items = extract_quote_items("me cotizas dos cafeteras espresso por favor?");
  REQUIRE(items.size() == 1);
  CHECK(items[0].description == "cafeteras espresso");
  CHECK(items[0].quantity == 2);

  items = extract_quote_items("Quote for 10 x blue mugs, 4 pcs of teapots please");
  REQUIRE(items.size() == 2);
  CHECK(items[0].description == "blue mugs");
  CHECK(items[0].quantity == 10);
  CHECK(items[1].description == "teapots");
  CHECK(items[1].quantity == 4);
}

TEST_CASE("quote items: a price question is one of it", "[ai]") {
  auto items = extract_quote_items("buenas, ¿cuánto cuesta la freidora de aire? 🙏");
  REQUIRE(items.size() == 1);
  CHECK(items[0].description == "freidora de aire");
  CHECK(items[0].quantity == 1);
  items = extract_quote_items("how much is the blender?");
  REQUIRE(items.size() == 1);
  CHECK(items[0].description == "blender");
}

TEST_CASE("quote items: amounts, sizes, numbers and days are no items", "[ai]") {
  CHECK(extract_quote_items("quiero una cotización").empty());
  CHECK(extract_quote_items("me llega en 3 días?").empty());
  CHECK(extract_quote_items("tengo $500 pesos, ¿qué me alcanza?").empty());
  CHECK(extract_quote_items("mi pedido 12345 y la guía").empty());
  auto items = extract_quote_items("cuánto cuesta la pantalla de 55?");
  REQUIRE(items.size() == 1);
  CHECK(items[0].description == "pantalla de 55");
}
