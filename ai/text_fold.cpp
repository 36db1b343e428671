#include "ai/text_fold.hpp"

#include <cstdint>

namespace centralita::ai {

namespace {

// Folds one Latin-1 Supplement code point (U+00C0..U+00FF) to its base letter, or 0.
char fold_latin1(std::uint32_t cp) {
  static constexpr std::string_view table =
      // U+00C0..U+00DF: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß
      "aaaaaaaceeeeiiiidnooooo ouuuuy s"
      // U+00E0..U+00FF: àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ
      "aaaaaaaceeeeiiiidnooooo ouuuuy y";
  if (cp < 0xC0 || cp > 0xFF) return 0;
  char c = table[cp - 0xC0];
  return c == ' ' ? 0 : c;
}

}  // namespace

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto put = [&](char c) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  };
  for (std::size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      if (b >= 'A' && b <= 'Z') {
        put(static_cast<char>(b - 'A' + 'a'));
      } else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        put(static_cast<char>(b));
      } else if (b == '\'') {
        // "don't" and "dont" fold alike.
      } else {
        pending_space = true;
      }
      continue;
    }
    // A multi-byte UTF-8 sequence: decode its length and, for two bytes, the code point.
    std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (len == 2 && i + 1 < text.size()) {
      std::uint32_t cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (char c = fold_latin1(cp)) {
        put(c);
        i += 2;
        continue;
      }
    } else if (len == 3 && i + 2 < text.size() && b == 0xE2 &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x99) {
      // U+2019, the typographic apostrophe: treated like '.
      i += 3;
      continue;
    }
    i += len;
    pending_space = true;
  }
  return out;
}

std::vector<std::string_view> split_words(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < folded.size()) {
    auto end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool is_digits(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_code(std::string_view word) {
  bool letter = false;
  bool digit = false;
  for (char c : word) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      letter = true;
    }
  }
  return letter && digit;
}

}  // namespace centralita::ai
