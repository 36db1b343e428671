#include "ai/quote_items.hpp"

#include <cctype>
#include <optional>

#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

constexpr size_t max_items = 10;
constexpr size_t max_description_words = 8;
constexpr int64_t max_quantity = 100000;

// A word of the raw text with its folded form, or a break between phrases.
struct token {
  std::string_view raw;
  std::string folded;
  bool brk = false;
  char before = ' ';  // the character right before the word ('$' marks an amount)
};

bool is_letter_start(std::string_view text, size_t i) {
  auto b = static_cast<unsigned char>(text[i]);
  return std::isalnum(b) != 0 || (b == 0xC3 && i + 1 < text.size());
}

std::vector<token> tokenize(std::string_view text) {
  std::vector<token> out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (!is_letter_start(text, i)) {
      // Phrase breaks: punctuation that ends a request, and emoji or other symbols.
      if (c == ',' || c == ';' || c == '.' || c == '?' || c == '!' || c == ':' || c == '\n' ||
          static_cast<unsigned char>(c) >= 0xE0) {
        if (out.empty() || !out.back().brk) out.push_back({{}, {}, true, c});
      }
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size()) {
      if (is_letter_start(text, i)) {
        i += static_cast<unsigned char>(text[i]) == 0xC3 ? 2 : 1;
      } else if (text[i] == '-' && i + 1 < text.size() && is_letter_start(text, i + 1)) {
        ++i;  // a code such as "SKU-123" is one word
      } else {
        break;
      }
    }
    auto raw = text.substr(start, i - start);
    token t{raw, fold_text(raw), false, start > 0 ? text[start - 1] : ' '};
    // "y", "and", "más" join items: a break of their own.
    if (is_one_of(t.folded, {"y", "e", "and", "mas", "plus", "ademas"})) t.brk = true;
    out.push_back(std::move(t));
  }
  return out;
}

std::optional<int64_t> number_word(const std::string& w) {
  static const std::pair<std::string_view, int64_t> words[] = {
      {"un", 1},           {"uno", 1},           {"una", 1},          {"dos", 2},
      {"tres", 3},         {"cuatro", 4},        {"cinco", 5},        {"seis", 6},
      {"siete", 7},        {"ocho", 8},          {"nueve", 9},        {"diez", 10},
      {"once", 11},        {"doce", 12},         {"trece", 13},       {"catorce", 14},
      {"quince", 15},      {"dieciseis", 16},    {"diecisiete", 17},  {"dieciocho", 18},
      {"diecinueve", 19},  {"veinte", 20},       {"veinticinco", 25}, {"treinta", 30},
      {"cuarenta", 40},    {"cincuenta", 50},    {"sesenta", 60},     {"setenta", 70},
      {"ochenta", 80},     {"noventa", 90},      {"cien", 100},       {"doscientos", 200},
      {"doscientas", 200}, {"trescientos", 300}, {"quinientos", 500}, {"quinientas", 500},
      {"mil", 1000},       {"one", 1},           {"two", 2},          {"three", 3},
      {"four", 4},         {"five", 5},          {"six", 6},          {"seven", 7},
      {"eight", 8},        {"nine", 9},          {"ten", 10},         {"eleven", 11},
      {"twelve", 12},      {"thirteen", 13},     {"fourteen", 14},    {"fifteen", 15},
      {"sixteen", 16},     {"seventeen", 17},    {"eighteen", 18},    {"nineteen", 19},
      {"twenty", 20},      {"thirty", 30},       {"forty", 40},       {"fifty", 50},
      {"hundred", 100},    {"thousand", 1000}};
  for (const auto& [name, n] : words) {
    if (w == name) return n;
  }
  return std::nullopt;
}

// Words after which "de"/"of" and a number still read as a quantity: "cotización de 20 cajas".
bool asks_for_quote(const std::string& w) {
  return is_one_of(w, {"cotizacion", "cotizar", "cotizame", "presupuesto", "precio", "precios",
                       "quote", "price", "prices", "pedir", "order", "ordenar", "compra"});
}

// A quantity at `t`, unless it reads as something else (an amount, a size, an order number).
std::optional<int64_t> quantity_at(const std::vector<token>& ts, size_t i) {
  const auto& t = ts[i];
  if (t.brk) return std::nullopt;
  if (i > 0 && !ts[i - 1].brk) {
    const auto& prev = ts[i - 1].folded;
    bool of = is_one_of(prev, {"de", "of"});
    if (of && !(i > 1 && asks_for_quote(ts[i - 2].folded))) return std::nullopt;
    if (is_one_of(prev, {"del", "numero", "no", "pedido", "orden", "order", "factura", "invoice",
                         "guia", "el", "la", "mi", "my", "item", "sku", "modelo", "model"})) {
      return std::nullopt;
    }
  }
  std::string_view digits = t.folded;
  // "3x" as one word
  if (digits.size() > 1 && digits.back() == 'x' && is_digits(digits.substr(0, digits.size() - 1))) {
    digits.remove_suffix(1);
  }
  if (is_digits(digits)) {
    if (t.before == '$' || t.before == '#' || t.before == '-' || digits.size() > 6) {
      return std::nullopt;
    }
    int64_t n = std::stoll(std::string{digits});
    if (n <= 0 || n > max_quantity) return std::nullopt;
    return n;
  }
  return number_word(t.folded);
}

// Words that, right after a quantity, are no product.
bool not_a_product(const std::string& w) {
  return is_one_of(w,
                   {"pesos",  "mxn",      "usd",        "dolares",  "dlls",    "euros",   "dias",
                    "horas",  "semanas",  "meses",      "anos",     "days",    "hours",   "weeks",
                    "months", "years",    "veces",      "times",    "minutos", "minutes", "am",
                    "pm",     "pulgadas", "cotizacion", "pregunta", "duda",    "question"});
}

// A unit of sale in its written forms, and its singular.
std::optional<std::string_view> unit_word(const std::string& w) {
  static const std::pair<std::string_view, std::string_view> units[] = {{"caja", "caja"},
                                                                        {"cajas", "caja"},
                                                                        {"paquete", "paquete"},
                                                                        {"paquetes", "paquete"},
                                                                        {"paq", "paquete"},
                                                                        {"bolsa", "bolsa"},
                                                                        {"bolsas", "bolsa"},
                                                                        {"rollo", "rollo"},
                                                                        {"rollos", "rollo"},
                                                                        {"metro", "metro"},
                                                                        {"metros", "metro"},
                                                                        {"mts", "metro"},
                                                                        {"kilo", "kg"},
                                                                        {"kilos", "kg"},
                                                                        {"kg", "kg"},
                                                                        {"kgs", "kg"},
                                                                        {"litro", "litro"},
                                                                        {"litros", "litro"},
                                                                        {"pieza", "pieza"},
                                                                        {"piezas", "pieza"},
                                                                        {"pzas", "pieza"},
                                                                        {"pzs", "pieza"},
                                                                        {"pz", "pieza"},
                                                                        {"unidad", "unidad"},
                                                                        {"unidades", "unidad"},
                                                                        {"docena", "docena"},
                                                                        {"docenas", "docena"},
                                                                        {"par", "par"},
                                                                        {"pares", "par"},
                                                                        {"juego", "juego"},
                                                                        {"juegos", "juego"},
                                                                        {"bulto", "bulto"},
                                                                        {"bultos", "bulto"},
                                                                        {"costal", "costal"},
                                                                        {"costales", "costal"},
                                                                        {"tarima", "tarima"},
                                                                        {"tarimas", "tarima"},
                                                                        {"galon", "galón"},
                                                                        {"galones", "galón"},
                                                                        {"tonelada", "tonelada"},
                                                                        {"toneladas", "tonelada"},
                                                                        {"lata", "lata"},
                                                                        {"latas", "lata"},
                                                                        {"botella", "botella"},
                                                                        {"botellas", "botella"},
                                                                        {"cubeta", "cubeta"},
                                                                        {"cubetas", "cubeta"},
                                                                        {"saco", "saco"},
                                                                        {"sacos", "saco"},
                                                                        {"hoja", "hoja"},
                                                                        {"hojas", "hoja"},
                                                                        {"box", "box"},
                                                                        {"boxes", "box"},
                                                                        {"pack", "pack"},
                                                                        {"packs", "pack"},
                                                                        {"package", "package"},
                                                                        {"packages", "package"},
                                                                        {"bag", "bag"},
                                                                        {"bags", "bag"},
                                                                        {"roll", "roll"},
                                                                        {"rolls", "roll"},
                                                                        {"meter", "meter"},
                                                                        {"meters", "meter"},
                                                                        {"metre", "meter"},
                                                                        {"metres", "meter"},
                                                                        {"lb", "lb"},
                                                                        {"lbs", "lb"},
                                                                        {"pound", "lb"},
                                                                        {"pounds", "lb"},
                                                                        {"liter", "liter"},
                                                                        {"liters", "liter"},
                                                                        {"litre", "liter"},
                                                                        {"litres", "liter"},
                                                                        {"piece", "piece"},
                                                                        {"pieces", "piece"},
                                                                        {"pcs", "piece"},
                                                                        {"pc", "piece"},
                                                                        {"unit", "unit"},
                                                                        {"units", "unit"},
                                                                        {"dozen", "dozen"},
                                                                        {"dozens", "dozen"},
                                                                        {"pair", "pair"},
                                                                        {"pairs", "pair"},
                                                                        {"set", "set"},
                                                                        {"sets", "set"},
                                                                        {"pallet", "pallet"},
                                                                        {"pallets", "pallet"},
                                                                        {"case", "case"},
                                                                        {"cases", "case"},
                                                                        {"carton", "carton"},
                                                                        {"cartons", "carton"},
                                                                        {"gallon", "gallon"},
                                                                        {"gallons", "gallon"},
                                                                        {"can", "can"},
                                                                        {"cans", "can"},
                                                                        {"bottle", "bottle"},
                                                                        {"bottles", "bottle"},
                                                                        {"sheet", "sheet"},
                                                                        {"sheets", "sheet"}};
  for (const auto& [form, unit] : units) {
    if (w == form) return unit;
  }
  return std::nullopt;
}

// Words that lead in to a product and are not part of it.
bool lead_in(const std::string& w) {
  return is_one_of(w, {"x",        "de",        "of",       "el",        "la",  "los",  "las",
                       "un",       "una",       "the",      "a",         "an",  "item", "items",
                       "articulo", "articulos", "producto", "productos", "del", "your"});
}

// Courtesy words that end a description.
bool courtesy(const std::string& w) {
  return is_one_of(
      w, {"por", "porfa", "porfavor", "please", "pls", "gracias", "thanks", "quedo", "saludos",
          "para", "for", "cuanto", "cuantos", "how", "precio", "price", "cotizacion", "quote"});
}

// The unit and description starting at `i`: up to the phrase's end; empty when there is none.
quote_item item_at(std::string_view text, const std::vector<token>& ts, size_t i) {
  quote_item item;
  while (i < ts.size() && !ts[i].brk && ts[i].folded == "x") ++i;
  if (i < ts.size() && !ts[i].brk) {
    if (auto unit = unit_word(ts[i].folded)) {
      item.unit = std::string{*unit};
      ++i;
    }
  }
  while (i < ts.size() && !ts[i].brk && lead_in(ts[i].folded)) ++i;
  size_t first = i, last = i, words = 0;
  // A number ends the description only when something follows it: "cable calibre 12" is one.
  auto next_item = [&](size_t k) {
    return quantity_at(ts, k) && k + 1 < ts.size() && !ts[k + 1].brk;
  };
  while (i < ts.size() && !ts[i].brk && words < max_description_words && !courtesy(ts[i].folded) &&
         !next_item(i)) {
    last = i;
    ++words;
    ++i;
  }
  if (words == 0 || not_a_product(ts[first].folded)) return {};
  auto begin = static_cast<size_t>(ts[first].raw.data() - text.data());
  auto end = static_cast<size_t>(ts[last].raw.data() - text.data()) + ts[last].raw.size();
  item.description = std::string{text.substr(begin, end - begin)};
  return item;
}

// "cuánto cuesta la freidora", "precio de la silla", "how much is the blender": one of it.
std::vector<quote_item> asked_price(std::string_view text, const std::vector<token>& ts) {
  for (size_t i = 0; i + 1 < ts.size(); ++i) {
    const auto& w = ts[i].folded;
    size_t next = 0;
    if (w == "cuanto" && is_one_of(ts[i + 1].folded, {"cuesta", "cuestan", "vale", "valen", "sale",
                                                      "salen", "cobran"})) {
      next = i + 2;
    } else if (is_one_of(w, {"precio", "precios", "cotizar", "cotizacion", "cotizame"})) {
      next = i + 1;
    } else if (w == "much" && i + 2 < ts.size() && is_one_of(ts[i + 1].folded, {"is", "are"})) {
      next = i + 2;
    } else if (w == "price" || w == "quote") {
      next = i + 1;
    }
    if (next == 0) continue;
    while (next < ts.size() && !ts[next].brk &&
           is_one_of(ts[next].folded, {"de", "del", "for", "of", "on", "me"}))
      ++next;
    auto item = item_at(text, ts, next);
    if (!item.description.empty()) return {item};
  }
  return {};
}

}  // namespace

std::vector<quote_item> extract_quote_items(std::string_view text) {
  auto ts = tokenize(text);
  std::vector<quote_item> out;
  for (size_t i = 0; i < ts.size() && out.size() < max_items; ++i) {
    auto n = quantity_at(ts, i);
    if (!n) continue;
    auto item = item_at(text, ts, i + 1);
    if (item.description.empty()) continue;
    item.quantity = *n;
    out.push_back(std::move(item));
  }
  if (out.empty()) return asked_price(text, ts);
  return out;
}

std::string line_description(const quote_item& item) {
  return item.unit.empty() ? item.description : item.description + " (" + item.unit + ")";
}

std::string describe(const quote_item& item) {
  return std::to_string(item.quantity) + " × " + line_description(item);
}

}  // namespace centralita::ai
