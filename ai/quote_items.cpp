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
    while (i < text.size() && is_letter_start(text, i)) {
      i += static_cast<unsigned char>(text[i]) == 0xC3 ? 2 : 1;
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
      {"dos", 2},   {"tres", 3},    {"cuatro", 4},  {"cinco", 5},   {"seis", 6},
      {"siete", 7}, {"ocho", 8},    {"nueve", 9},   {"diez", 10},   {"once", 11},
      {"doce", 12}, {"quince", 15}, {"veinte", 20}, {"cien", 100},  {"two", 2},
      {"three", 3}, {"four", 4},    {"five", 5},    {"six", 6},     {"seven", 7},
      {"eight", 8}, {"nine", 9},    {"ten", 10},    {"twelve", 12}, {"twenty", 20}};
  for (const auto& [name, n] : words) {
    if (w == name) return n;
  }
  return std::nullopt;
}

// A quantity at `t`, unless it reads as something else (an amount, a size, an order number).
std::optional<int64_t> quantity_at(const std::vector<token>& ts, size_t i) {
  const auto& t = ts[i];
  if (t.brk) return std::nullopt;
  if (i > 0 && !ts[i - 1].brk &&
      is_one_of(ts[i - 1].folded, {"de", "del", "of", "numero", "no", "pedido", "orden", "order",
                                   "factura", "invoice", "guia", "el", "la", "mi", "my"})) {
    return std::nullopt;
  }
  if (is_digits(t.folded)) {
    if (t.before == '$' || t.before == '#' || t.folded.size() > 6) return std::nullopt;
    int64_t n = std::stoll(t.folded);
    if (n <= 0 || n > max_quantity) return std::nullopt;
    return n;
  }
  return number_word(t.folded);
}

// Words that, right after a quantity, are no product.
bool not_a_product(const std::string& w) {
  return is_one_of(w,
                   {"pesos",   "mxn",   "usd",     "dolares", "dlls",  "euros", "dias",   "horas",
                    "semanas", "meses", "anos",    "days",    "hours", "weeks", "months", "years",
                    "veces",   "times", "minutos", "minutes", "am",    "pm"});
}

// Words that lead in to a product and are not part of it.
bool lead_in(const std::string& w) {
  return is_one_of(w, {"x",     "pzas", "pzs",    "piezas", "pieza", "unidades", "unidad",
                       "units", "pcs",  "pieces", "de",     "of",    "el",       "la",
                       "los",   "las",  "un",     "una",    "the",   "a",        "an"});
}

// Courtesy words that end a description.
bool courtesy(const std::string& w) {
  return is_one_of(
      w, {"por", "porfa", "porfavor", "please", "pls", "gracias", "thanks", "quedo", "saludos",
          "para", "for", "cuanto", "cuantos", "how", "precio", "price", "cotizacion", "quote"});
}

// The description starting at `i`: up to the phrase's end; empty when there is none.
std::string description_at(std::string_view text, const std::vector<token>& ts, size_t i) {
  while (i < ts.size() && !ts[i].brk && lead_in(ts[i].folded)) ++i;
  size_t first = i, last = i, words = 0;
  while (i < ts.size() && !ts[i].brk && words < max_description_words && !courtesy(ts[i].folded) &&
         !quantity_at(ts, i)) {
    last = i;
    ++words;
    ++i;
  }
  if (words == 0 || not_a_product(ts[first].folded)) return {};
  auto begin = static_cast<size_t>(ts[first].raw.data() - text.data());
  auto end = static_cast<size_t>(ts[last].raw.data() - text.data()) + ts[last].raw.size();
  return std::string{text.substr(begin, end - begin)};
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
    auto d = description_at(text, ts, next);
    if (!d.empty()) return {{d, 1}};
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
    auto d = description_at(text, ts, i + 1);
    if (d.empty()) continue;
    out.push_back({d, *n});
  }
  if (out.empty()) return asked_price(text, ts);
  return out;
}

}  // namespace centralita::ai
