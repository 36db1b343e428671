// find_amount (declared in entities.hpp): amounts of money as the customer wrote them.
#include <cctype>
#include <string>
#include <string_view>

#include "ai/entities.hpp"
#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The end of a number starting at `i`: digits with inner thousands separators and decimals.
std::size_t number_end(std::string_view text, std::size_t i) {
  auto end = i;
  while (end < text.size()) {
    if (is_digit(text[end])) {
      ++end;
    } else if ((text[end] == ',' || text[end] == '.') && end + 1 < text.size() &&
               is_digit(text[end + 1]) && end > i) {
      ++end;
    } else {
      break;
    }
  }
  return end;
}

// The currency word right after position `i` (after spaces), or its length 0.
std::size_t currency_after(std::string_view text, std::size_t i) {
  auto start = i;
  while (start < text.size() && text[start] == ' ') ++start;
  auto end = start;
  while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) != 0 ||
                               static_cast<unsigned char>(text[end]) >= 0x80)) {
    ++end;
  }
  if (end == start) {
    if (text.substr(start, 3) == "\xE2\x82\xAC") return start + 3 - i;  // 300 €
    return 0;
  }
  auto word = fold_text(text.substr(start, end - start));
  for (std::string_view w : {"mxn", "usd", "eur", "pesos", "peso", "dolares", "dolar", "dollars",
                             "dollar", "dlls", "dls", "euros", "mn", "bucks"}) {
    if (word == w) return end - i;
  }
  return 0;
}

}  // namespace

std::string find_amount(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t sign = 0;
    if (text[i] == '$') {
      sign = 1;
    } else if (text.substr(i, 3) == "\xE2\x82\xAC" || text.substr(i, 2) == "\xC2\xA3") {
      sign = text[i] == '\xE2' ? 3 : 2;  // € or £
    } else if (i + 3 < text.size() && (text.substr(i, 3) == "USD" || text.substr(i, 3) == "MXN")) {
      sign = 3;
    }
    if (sign > 0) {
      auto start = i + sign;
      while (start < text.size() && text[start] == ' ') ++start;
      if (start < text.size() && is_digit(text[start])) {
        auto end = number_end(text, start);
        end += currency_after(text, end);
        return std::string{text.substr(i, end - i)};
      }
      continue;
    }
    // A number (not inside a word) followed by a currency word.
    if (is_digit(text[i]) && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      auto end = number_end(text, i);
      if (auto cur = currency_after(text, end)) return std::string{text.substr(i, end + cur - i)};
      i = end;
    }
  }
  return {};
}

}  // namespace centralita::ai
