#include "ai/quote_items.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

namespace {

// One phrasing and the items expected from it, as "quantity|unit|description" rows.
struct phrasing {
  const char* text;
  std::vector<const char*> items;
};

std::string row(const centralita::ai::quote_item& i) {
  return std::to_string(i.quantity) + "|" + i.unit + "|" + i.description;
}

}  // namespace

TEST_CASE("quote items: quantities, units and products in Spanish and English", "[ai]") {
  const std::vector<phrasing> table = {
      // Spanish, digits
      {"20 cajas de tornillos", {"20|caja|tornillos"}},
      {"quiero cotizar 20 cajas de tornillos", {"20|caja|tornillos"}},
      {"una cotización de 20 cajas de tornillos por favor", {"20|caja|tornillos"}},
      {"Necesito 3 sillas", {"3||sillas"}},
      {"me cotizas 15 bultos de cemento y 4 rollos de alambre?",
       {"15|bulto|cemento", "4|rollo|alambre"}},
      {"precio de 100 metros de cable calibre 12", {"100|metro|cable calibre 12"}},
      {"ocupo 6 pares de guantes", {"6|par|guantes"}},
      {"5 kg de clavos, 2 litros de pintura blanca", {"5|kg|clavos", "2|litro|pintura blanca"}},
      {"cotizar 12 piezas de tubo PVC", {"12|pieza|tubo PVC"}},
      {"3x escritorios", {"3||escritorios"}},
      {"10 x tazas azules", {"10||tazas azules"}},
      {"2 paquetes de hojas blancas", {"2|paquete|hojas blancas"}},
      {"Buen día, quisiera precio de 30 bolsas de mortero", {"30|bolsa|mortero"}},
      {"1 tarima de block", {"1|tarima|block"}},
      {"250 unidades de etiquetas", {"250|unidad|etiquetas"}},
      // Spanish, number words
      {"dos sillas y 3 mesas", {"2||sillas", "3||mesas"}},
      {"cuatro lámparas de escritorio", {"4||lámparas de escritorio"}},
      {"quiero cinco cajas de guantes", {"5|caja|guantes"}},
      {"me das precio de diez sacos de arena", {"10|saco|arena"}},
      {"doce docenas de rosas", {"12|docena|rosas"}},
      {"necesito quince playeras y veinte gorras", {"15||playeras", "20||gorras"}},
      {"trece cubetas de impermeabilizante", {"13|cubeta|impermeabilizante"}},
      {"dieciocho botellas de agua", {"18|botella|agua"}},
      {"once juegos de llaves", {"11|juego|llaves"}},
      {"una docena de donas", {"1|docena|donas"}},
      {"cotizame tres bancos, dos sillas y una mesa", {"3||bancos", "2||sillas", "1||mesa"}},
      {"diecisiete metros de malla", {"17|metro|malla"}},
      {"catorce cajas de taquetes porfa", {"14|caja|taquetes"}},
      // English
      {"50 pcs of item SKU-123", {"50|piece|SKU-123"}},
      {"I need 3 boxes of nails", {"3|box|nails"}},
      {"quote for twenty chairs", {"20||chairs"}},
      {"two desks and 4 lamps please", {"2||desks", "4||lamps"}},
      {"Can I get a price on 12 pallets of bricks?", {"12|pallet|bricks"}},
      {"five gallons of paint", {"5|gallon|paint"}},
      {"eleven sets of keys", {"11|set|keys"}},
      {"nineteen bottles of water", {"19|bottle|water"}},
      {"sixteen rolls of tape, 2 bags of cement", {"16|roll|tape", "2|bag|cement"}},
      {"100 units of SKU-998 and 20 units of SKU-1000", {"100|unit|SKU-998", "20|unit|SKU-1000"}},
      {"quote: 7 cases of soda", {"7|case|soda"}},
      {"fourteen pairs of boots", {"14|pair|boots"}},
      {"thirteen meters of cable", {"13|meter|cable"}},
      // Spanglish
      {"necesito 10 boxes de tornillos", {"10|box|tornillos"}},
      {"quote de 8 cajas of screws", {"8|caja|screws"}},
  };
  CHECK(table.size() >= 40);
  for (const auto& p : table) {
    INFO(p.text);
    auto items = extract_quote_items(p.text);
    std::vector<std::string> got;
    for (const auto& i : items) got.push_back(row(i));
    std::vector<std::string> want(p.items.begin(), p.items.end());
    CHECK(got == want);
  }
}

TEST_CASE("quote items: a line names the unit after the product", "[ai]") {
  auto items = extract_quote_items("20 cajas de tornillos");
  REQUIRE(items.size() == 1);
  CHECK(centralita::ai::line_description(items[0]) == "tornillos (caja)");
  CHECK(centralita::ai::describe(items[0]) == "20 × tornillos (caja)");
  items = extract_quote_items("dos sillas");
  REQUIRE(items.size() == 1);
  CHECK(centralita::ai::line_description(items[0]) == "sillas");
}
