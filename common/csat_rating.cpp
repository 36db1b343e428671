#include "common/csat_rating.hpp"

#include <array>
#include <string>
#include <vector>

namespace centralita {

namespace {

// Longer replies are conversations, not ratings.
constexpr size_t max_rating_bytes = 48;
constexpr std::string_view star = "\xE2\xAD\x90";       // U+2B50 ⭐
constexpr std::string_view variation = "\xEF\xB8\x8F";  // U+FE0F after an emoji

struct number_word {
  std::string_view word;
  int value;
};
constexpr std::array<number_word, 11> number_words{{{"uno", 1},
                                                    {"una", 1},
                                                    {"dos", 2},
                                                    {"tres", 3},
                                                    {"cuatro", 4},
                                                    {"cinco", 5},
                                                    {"one", 1},
                                                    {"two", 2},
                                                    {"three", 3},
                                                    {"four", 4},
                                                    {"five", 5}}};

// Words that may stand around the number; "de", "of", "sobre", "out" and "/" announce the scale.
constexpr std::array<std::string_view, 24> filler{
    "estrella", "estrellas",    "star", "stars", "punto", "puntos",  "point",  "points",
    "le",       "doy",          "i",    "give",  "it",    "a",       "mi",     "my",
    "rating",   "calificacion", "es",   "is",    "un",    "gracias", "thanks", "ok"};
constexpr std::array<std::string_view, 5> scale_words{"de", "of", "sobre", "out", "/"};

template <size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view w) {
  for (auto x : words) {
    if (x == w) return true;
  }
  return false;
}

// The value of a token that is a number (digits, a number word or a row of stars), or -1.
int token_value(std::string_view t) {
  if (!t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos) {
    return t.size() > 2 ? 100 : std::stoi(std::string{t});
  }
  for (const auto& n : number_words) {
    if (n.word == t) return n.value;
  }
  int stars = 0;
  while (!t.empty()) {
    if (t.substr(0, star.size()) == star) {
      ++stars;
      t.remove_prefix(star.size());
    } else if (t.substr(0, variation.size()) == variation) {
      t.remove_prefix(variation.size());
    } else {
      return -1;
    }
  }
  return stars > 0 ? stars : -1;
}

std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '.' || c == '!' ||
        c == ':' || c == '-') {
      flush();
    } else if (c == '/') {
      flush();
      out.emplace_back("/");
    } else if (text.substr(i, 2) == "\xC3\xB3") {  // ó, as in calificación
      cur += 'o';
      ++i;
    } else {
      cur += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  flush();
  return out;
}

}  // namespace

std::optional<int> parse_csat_rating(std::string_view text) {
  if (text.size() > max_rating_bytes) return std::nullopt;
  std::optional<int> rating;
  bool scale_next = false;  // a scale word was seen after the rating: the next number is 5
  bool scale_seen = false;
  for (const auto& t : tokens_of(text)) {
    if (int v = token_value(t); v >= 0) {
      if (!rating) {
        if (v < 1 || v > 5) return std::nullopt;
        rating = v;
      } else if (!(scale_next && v == 5) || scale_seen) {
        return std::nullopt;  // two numbers: "5 6", "3 de 10"
      } else {
        scale_seen = true;
      }
      scale_next = false;
    } else if (one_of(scale_words, t) && rating) {
      scale_next = true;
    } else if (!one_of(filler, t)) {
      return std::nullopt;
    }
  }
  if (scale_next) return std::nullopt;  // "5 de"
  return rating;
}

}  // namespace centralita
