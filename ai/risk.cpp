#include "ai/risk.hpp"

#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

bool is_threat_word(std::string_view w) {
  for (std::string_view x :
       {"profeco",  "condusef", "demanda",   "demandar",   "demandare", "demando",    "abogado",
        "abogados", "denuncia", "denunciar", "denunciare", "fraude",    "estafa",     "estafadores",
        "ladrones", "rateros",  "robo",      "roban",      "pendejos",  "pendejo",    "idiotas",
        "idiota",   "mierda",   "chingada",  "chingados",  "carajo",    "basura",     "inutiles",
        "pinches",  "putos",    "boludos",   "lawsuit",    "sue",       "lawyer",     "lawyers",
        "attorney", "fraud",    "scam",      "scammers",   "thieves",   "bbb",        "fuck",
        "fucking",  "shit",     "idiots",    "useless",    "garbage",   "disgusting", "worst"}) {
    if (w == x) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(risk_level level) {
  switch (level) {
    case risk_level::low:
      return "low";
    case risk_level::medium:
      return "medium";
    case risk_level::high:
      return "high";
  }
  return "low";
}

bool shows_anger(std::string_view raw, std::string_view folded) {
  for (auto w : split_words(folded)) {
    if (is_threat_word(w)) return true;
  }
  // "!!!" or more exclamation marks in all.
  int bangs = 0;
  int upper = 0;
  int letters = 0;
  for (char c : raw) {
    bangs += c == '!' ? 1 : 0;
    if (c >= 'A' && c <= 'Z') ++upper;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ++letters;
  }
  if (bangs >= 3) return true;
  // Shouting: a message of some length written mostly in capitals.
  if (letters >= 12 && upper * 10 >= letters * 7) return true;
  // 😡 🤬 😠 👎
  for (std::string_view e :
       {"\xF0\x9F\x98\xA1", "\xF0\x9F\xA4\xAC", "\xF0\x9F\x98\xA0", "\xF0\x9F\x91\x8E"}) {
    if (raw.find(e) != std::string_view::npos) return true;
  }
  return false;
}

risk_level assess_risk(std::string_view category, bool angry) {
  if (angry || category == "COMPLAINT" || category == "HUMAN") return risk_level::high;
  if (category == "BILLING") return risk_level::medium;
  return risk_level::low;
}

}  // namespace centralita::ai
