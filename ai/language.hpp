#pragma once
// Spanish or English: a vote of frequent function words, with Spanish as the default because
// most of Centralita's customers write in Spanish.

#include <string_view>

namespace centralita::ai {

/// "es" or "en" for raw UTF-8 text (¿, ¡ and ñ count for Spanish); "es" when undecided.
std::string_view detect_language(std::string_view raw_text, std::string_view folded_text);

}  // namespace centralita::ai
