#include "ai/language.hpp"

#include <algorithm>
#include <iterator>

#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

// Frequent words of each language; words spelt the same in both are left out.
constexpr std::string_view spanish_words[] = {
    "algo",   "aqui",    "buenas", "buenos", "como",   "con",    "cuando",   "cuanto",  "de",
    "del",    "donde",   "el",     "ella",   "en",     "es",     "esta",     "estan",   "este",
    "esto",   "gracias", "hola",   "hay",    "la",     "las",    "le",       "lo",      "los",
    "mas",    "me",      "mi",     "mis",    "muy",    "nada",   "necesito", "nos",     "para",
    "pero",   "por",     "porfa",  "porque", "pq",     "puedo",  "pueden",   "q",       "que",
    "queria", "quiero",  "se",     "si",     "sin",    "su",     "sus",      "tambien", "tengo",
    "ti",     "todavia", "todo",   "tu",     "un",     "una",    "uno",      "usted",   "vos",
    "xfa",    "xq",      "y",      "ya",     "yo",     "pedido", "factura",  "cuenta",  "hablar",
    "llego",  "ayuda",   "dinero", "cobro",  "precio", "queja"};

constexpr std::string_view english_words[] = {
    "about", "am",     "and",  "any",  "are",    "be",     "can",   "could", "did",    "do",
    "does",  "dont",   "for",  "from", "get",    "got",    "have",  "hello", "help",   "hey",
    "how",   "i",      "im",   "in",   "is",     "it",     "its",   "me",    "my",     "need",
    "not",   "of",     "on",   "or",   "please", "should", "so",    "thank", "thanks", "that",
    "the",   "there",  "this", "to",   "u",      "ur",     "want",  "was",   "what",   "when",
    "where", "which",  "why",  "will", "with",   "would",  "you",   "your",  "order",  "refund",
    "money", "charge", "card", "talk", "person", "agent",  "still", "wanna"};

template <std::size_t N>
bool contains(const std::string_view (&words)[N], std::string_view w) {
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

}  // namespace

std::string_view detect_language(std::string_view raw_text, std::string_view folded_text) {
  int es = 0;
  int en = 0;
  // ¿ ¡ ñ Ñ and accented vowels are strong Spanish signs.
  for (std::string_view mark : {"\xC2\xBF", "\xC2\xA1", "\xC3\xB1", "\xC3\x91", "\xC3\xA1",
                                "\xC3\xA9", "\xC3\xAD", "\xC3\xB3", "\xC3\xBA"}) {
    if (raw_text.find(mark) != std::string_view::npos) es += 2;
  }
  for (auto w : split_words(folded_text)) {
    if (contains(spanish_words, w)) ++es;
    if (contains(english_words, w)) ++en;
  }
  return en > es ? "en" : "es";
}

}  // namespace centralita::ai
