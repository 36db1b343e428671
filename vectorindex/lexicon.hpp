#pragma once
// The bilingual lexicon: general shop and helpdesk vocabulary, each group a word family in
// Spanish (Mexican usage included) and its English translations ("pedido", "orden", "order").
// Where the thesaurus joins a topic's words, the lexicon joins a word and its translation, so
// that an English question meets a Spanish article's words and the reverse. Data only:
// text_analyzer stems the phrases and gives every entry one lexicon term ("=order").

#include <string_view>
#include <vector>

namespace centralita::vectorindex {

/// One meaning: its name and its Spanish and English words and phrases (accents allowed). Each
/// side is stemmed in its own language only, so that a Spanish stem never meets an unrelated
/// English word ("datos" and "date" both stem to "dat" in Spanish).
struct lexicon_entry {
  std::string_view concept_name;
  std::vector<std::string_view> es;
  std::vector<std::string_view> en;
};

/// Every entry of the lexicon.
const std::vector<lexicon_entry>& lexicon();

}  // namespace centralita::vectorindex
