#pragma once
// Text to search terms, the same way for articles and for customers' questions: case and accent
// folding (utf8proc), Spanish or English stop words and Snowball stems by the text's language,
// concept terms from a small ES/EN thesaurus of customer-service synonyms, so that
// "reembolso", "refund" and "me devuelven el dinero" share a term, and the terms of a bilingual
// lexicon of shop vocabulary ("pedido" and "order" share "=order"), which replace the stems of
// their words so that a question meets an article in either language on the same terms.

#include <string>
#include <string_view>
#include <vector>

namespace centralita::vectorindex {

/// The languages the analyzer stems; anything else is treated as Spanish.
enum class language { es, en };

/// Lower case without accents ("Facturación" -> "facturacion"); invalid UTF-8 is lower-cased
/// byte-wise.
std::string fold(std::string_view text);

/// The folded words of `text` (letters and digits), in order.
std::vector<std::string> words(std::string_view text);

/// True for a folded Spanish or English stop word, and for one-letter words.
bool is_stop_word(const std::string& folded_word);

/// A guess from stop words: English when clearly more English than Spanish ones.
language guess_language(std::string_view text);

/// The terms of a text: `stems` (stop words and words of lexicon phrases dropped) and
/// `concepts` ("~refund", "=order") in order of appearance; `words` are the folded words that
/// survived, for character n-grams.
struct analyzed_text {
  std::vector<std::string> stems;
  std::vector<std::string> concepts;
  std::vector<std::string> words;
};

/// Analyzes `text`; `lang` when known (an article's language), guessed otherwise.
analyzed_text analyze(std::string_view text);
analyzed_text analyze(std::string_view text, language lang);

/// The Snowball stem of a folded word in `lang`.
std::string stem(const std::string& folded_word, language lang);

}  // namespace centralita::vectorindex
