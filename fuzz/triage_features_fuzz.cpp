// Fuzz target: a customer message (arbitrary bytes, usually UTF-8) through the local triage's
// text handling: folding, words, features, language, entities, pre-rules and anger.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ai/entities.hpp"
#include "ai/features.hpp"
#include "ai/language.hpp"
#include "ai/pre_rules.hpp"
#include "ai/risk.hpp"
#include "ai/text_fold.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::ai;
  const std::string_view raw{reinterpret_cast<const char*>(data), size};
  const auto folded = fold_text(raw);
  // Folded text is lower-case ASCII letters, digits and single inner spaces.
  for (size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (c == ' ' && i > 0 && i + 1 < folded.size() && folded[i - 1] != ' ');
    if (!ok) std::abort();
  }
  for (auto word : split_words(folded)) {
    (void)is_digits(word);
    (void)is_code(word);
  }
  const feature_config config;
  std::vector<feature> features;
  extract_features(folded, config, features);
  for (const auto& f : features) {
    if (f.index >= (1U << config.buckets_log2) || !std::isfinite(f.value)) std::abort();
  }
  (void)detect_language(raw, folded);
  const auto entities = extract_entities(raw);
  (void)find_amount(raw);
  (void)apply_pre_rules(folded, entities);
  bool negated = false;
  (void)asks_for_human(folded, negated);
  (void)shows_anger(raw, folded);
  return 0;
}
