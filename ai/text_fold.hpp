#pragma once
// Text folding for triage: lower case, accents removed, everything that is not a letter or a
// digit turned into a space, so "¿Dónde está mi PEDIDO?" and "donde esta mi pedido" look alike.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace centralita::ai {

/// Folds UTF-8 text to lower-case ASCII letters, digits and single spaces (accents dropped,
/// ñ → n, punctuation and emoji → space), trimmed at both ends.
std::string fold_text(std::string_view text);

/// Splits folded text on spaces.
std::vector<std::string_view> split_words(std::string_view folded);

/// True when every character is an ASCII digit (and there is at least one).
bool is_digits(std::string_view word);

/// True when the word mixes letters and digits, like "cs1001" or "f2024".
bool is_code(std::string_view word);

/// True when `word` equals one of `list` (the word lists of the rules are short).
inline bool is_one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  for (auto w : list) {
    if (word == w) return true;
  }
  return false;
}

}  // namespace centralita::ai
