#include "vectorindex/text_analyzer.hpp"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "vectorindex/lexicon.hpp"
#include "vectorindex/thesaurus.hpp"

namespace centralita::vectorindex {

namespace {

constexpr size_t max_phrase_words = 3;

// Folded stop words; those of the other language count against a guess.
const std::unordered_set<std::string>& spanish_stop_words() {
  static const std::unordered_set<std::string> s = {
      "a",       "al",       "algo",     "ante",   "con",    "como",    "cual",    "de",
      "del",     "el",       "ella",     "en",     "entre",  "es",      "esa",     "ese",
      "eso",     "esta",     "este",     "esto",   "estoy",  "fue",     "ha",      "hay",
      "la",      "las",      "le",       "les",    "lo",     "los",     "mas",     "me",
      "mi",      "mis",      "muy",      "nos",    "o",      "para",    "pero",    "por",
      "que",     "se",       "si",       "sin",    "sobre",  "son",     "su",      "sus",
      "te",      "tu",       "tus",      "un",     "una",    "uno",     "unos",    "unas",
      "y",       "ya",       "yo",       "hola",   "buenas", "buenos",  "dias",    "favor",
      "quiero",  "quisiera", "necesito", "puedo",  "pueden", "tengo",   "gracias", "saber",
      "hacer",   "cuando",   "donde",    "cuanto", "cuanta", "cuantos", "como",    "porque",
      "tambien", "ustedes",  "usted",    "estan",  "esta",   "sea",     "ser",     "mio",
      "hace",    "hago",     "tiene",    "tienen"};
  return s;
}

const std::unordered_set<std::string>& english_stop_words() {
  static const std::unordered_set<std::string> s = {
      "a",     "an",    "and", "are",  "as",   "at",     "be",     "been",  "but",   "by",
      "can",   "could", "do",  "does", "for",  "from",   "get",    "got",   "has",   "have",
      "hello", "hi",    "how", "i",    "if",   "in",     "is",     "it",    "its",   "me",
      "my",    "of",    "on",  "or",   "our",  "please", "so",     "that",  "the",   "their",
      "there", "this",  "to",  "was",  "we",   "what",   "when",   "where", "which", "will",
      "with",  "would", "you", "your", "want", "need",   "thanks", "know",  "am",    "did",
      "there", "any",   "all", "much", "many", "should", "still",  "just",  "about", "up",
      "out",   "it's",  "im",  "i'm",  "dont", "why",    "who",    "yet"};
  return s;
}

// Snowball stemmers are not thread-safe: one pair per thread.
struct stemmer_deleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using stemmer_ptr = std::unique_ptr<sb_stemmer, stemmer_deleter>;

sb_stemmer* stemmer_for(language lang) {
  thread_local stemmer_ptr es{sb_stemmer_new("spanish", "UTF_8")};
  thread_local stemmer_ptr en{sb_stemmer_new("english", "UTF_8")};
  return lang == language::en ? en.get() : es.get();
}

// Spanish suffix rules name accented endings ("-ación"); a folded word gets its accent back
// first so that "facturacion" and "facturación" stem alike.
std::string reaccent(const std::string& w) {
  for (const char* ending : {"ciones", "cion"}) {
    const std::string e{ending};
    if (w.size() > e.size() + 2 && w.compare(w.size() - e.size(), e.size(), e) == 0) {
      if (e == "cion") return w.substr(0, w.size() - 4) + "ci\xc3\xb3n";
      return w;
    }
  }
  return w;
}

// A phrase as space-joined stems in `lang`.
std::string phrase_key(std::string_view phrase, language lang) {
  std::string key;
  for (const auto& w : words(phrase)) {
    if (!key.empty()) key += ' ';
    key += stem(w, lang);
  }
  return key;
}

using phrase_map = std::unordered_map<std::string, std::vector<std::string>>;

void add_term(phrase_map& m, const std::string& key, const std::string& term) {
  auto& terms = m[key];
  if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
}

// Phrases as space-joined stems -> their terms, for texts of `lang`. A thesaurus phrase gives
// "~refund" under its stems in both languages (customers mix them); a lexicon phrase gives
// "=order" under its stems in its own language only.
const phrase_map& phrase_concepts(language lang) {
  static const auto maps = [] {
    std::array<phrase_map, 2> m;
    for (const auto& g : thesaurus()) {
      std::vector<std::string> terms;
      for (auto name : g.means) terms.push_back("~" + std::string{name});
      if (terms.empty()) terms.push_back("~" + std::string{g.concept_name});
      for (auto phrase : g.phrases) {
        for (auto stem_lang : {language::es, language::en}) {
          const auto key = phrase_key(phrase, stem_lang);
          for (auto& map : m) {
            for (const auto& term : terms) add_term(map, key, term);
          }
        }
      }
    }
    for (const auto& e : lexicon()) {
      const std::string term = "=" + std::string{e.concept_name};
      // A one-word phrase that is a stop word would tag every text ("ups" stems to "up").
      const auto add = [&](phrase_map& map, std::string_view phrase, language stem_lang) {
        const auto ws = words(phrase);
        if (ws.size() == 1 && (is_stop_word(ws[0]) || is_stop_word(stem(ws[0], stem_lang)))) return;
        add_term(map, phrase_key(phrase, stem_lang), term);
      };
      for (auto phrase : e.es) add(m[0], phrase, language::es);
      for (auto phrase : e.en) add(m[1], phrase, language::en);
    }
    return m;
  }();
  return maps[lang == language::en ? 1 : 0];
}

}  // namespace

bool is_stop_word(const std::string& w) {
  return w.size() < 2 || spanish_stop_words().count(w) > 0 || english_stop_words().count(w) > 0;
}

std::string fold(std::string_view text) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                        static_cast<utf8proc_ssize_t>(text.size()), &out,
                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                       UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  if (n < 0) {
    std::string lower{text};
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
  }
  std::string folded{reinterpret_cast<const char*>(out), static_cast<size_t>(n)};
  std::free(out);
  return folded;
}

std::vector<std::string> words(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> out;
  std::string current;
  const auto end_word = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  auto left = static_cast<utf8proc_ssize_t>(folded.size());
  while (left > 0) {
    if (*p < 0x80) {
      // After folding, Spanish and English letters are ASCII.
      if (std::isalnum(*p)) {
        current += static_cast<char>(*p);
      } else {
        end_word();
      }
      ++p;
      --left;
      continue;
    }
    // Other scripts' letters, marks and digits stay in words; punctuation such as "¿", "¡" and
    // "’" ends one, so "¿cuánto" is "cuanto". A byte that is not UTF-8 stays in the word.
    utf8proc_int32_t cp = 0;
    auto used = utf8proc_iterate(p, left, &cp);
    if (used <= 0) used = 1;
    const auto category = used > 1 || cp >= 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_LO;
    const bool in_word = category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
    if (in_word || cp < 0) {
      current.append(reinterpret_cast<const char*>(p), static_cast<size_t>(used));
    } else {
      end_word();
    }
    p += used;
    left -= used;
  }
  end_word();
  return out;
}

language guess_language(std::string_view text) {
  int es = 0;
  int en = 0;
  for (const auto& w : words(text)) {
    const bool in_es = spanish_stop_words().count(w) > 0;
    const bool in_en = english_stop_words().count(w) > 0;
    if (in_es && !in_en) ++es;
    if (in_en && !in_es) ++en;
  }
  return en > es ? language::en : language::es;
}

std::string stem(const std::string& folded_word, language lang) {
  const std::string w = lang == language::es ? reaccent(folded_word) : folded_word;
  auto* s = stemmer_for(lang);
  const sb_symbol* out =
      sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
  if (out == nullptr) return folded_word;
  const std::string_view stemmed{reinterpret_cast<const char*>(out),
                                 static_cast<size_t>(sb_stemmer_length(s))};
  // Only a re-accented Spanish stem has non-ASCII bytes left to fold.
  const bool ascii = std::all_of(stemmed.begin(), stemmed.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? std::string{stemmed} : fold(stemmed);
}

analyzed_text analyze(std::string_view text) { return analyze(text, guess_language(text)); }

analyzed_text analyze(std::string_view text, language lang) {
  analyzed_text out;
  const auto ws = words(text);
  std::vector<std::string> stems;
  stems.reserve(ws.size());
  for (const auto& w : ws) stems.push_back(stem(w, lang));
  const auto& phrases = phrase_concepts(lang);
  // Words inside a lexicon phrase give its term instead of their stems: a Spanish question then
  // meets a Spanish article and an English one on the same terms (docs/architecture.md,
  // Knowledge), where keeping the stems too would favour the article in the question's language.
  size_t covered_until = 0;
  for (size_t i = 0; i < ws.size(); ++i) {
    std::string key;
    for (size_t n = 0; n < max_phrase_words && i + n < ws.size(); ++n) {
      if (n > 0) key += ' ';
      key += stems[i + n];
      auto it = phrases.find(key);
      if (it == phrases.end()) continue;
      out.concepts.insert(out.concepts.end(), it->second.begin(), it->second.end());
      if (std::any_of(it->second.begin(), it->second.end(),
                      [](const std::string& t) { return t[0] == '='; })) {
        covered_until = std::max(covered_until, i + n + 1);
      }
    }
    if (is_stop_word(ws[i])) continue;
    if (i >= covered_until) out.stems.push_back(stems[i]);
    out.words.push_back(ws[i]);
  }
  return out;
}

}  // namespace centralita::vectorindex
