#pragma once
// Checks every text from outside passes at the edge: valid UTF-8, and no control characters
// that PostgreSQL refuses (NUL) or that have no business in a message, a name or a key.

#include <cstddef>
#include <optional>
#include <string_view>

namespace centralita {

/// True when the text is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// True for a control character no field may hold: C0 other than tab, LF and CR, and DEL.
inline bool is_forbidden_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/// The offset of the first forbidden control character, or nullopt when there is none.
std::optional<size_t> find_forbidden_control(std::string_view text);

/// True when the text is free of forbidden control characters.
inline bool is_clean_text(std::string_view text) { return !find_forbidden_control(text); }

}  // namespace centralita
