#pragma once
// Deterministic rules that run before the model, for the cases where a rule is clearly right:
// an explicit request for a person, a threat of PROFECO or a lawsuit, a bare order or tracking
// number, a spam link, a question about the return window, a request for a quote that names
// quantities; and negations the model misreads ("no es una queja").

#include <string>
#include <string_view>

#include "ai/entities.hpp"

namespace centralita::ai {

/// What the rules decided: a category (empty when no rule fired), the rule's name, and whether
/// the model must not answer HUMAN (a negated request such as "no quiero hablar con nadie").
struct rule_outcome {
  std::string category;
  std::string rule;
  double confidence = 0;
  bool forbid_human = false;
  bool forbid_complaint = false;  ///< "no quiero quejarme", "not a complaint"
};

/// Runs the pre-rules over folded text and the entities found in the raw text.
rule_outcome apply_pre_rules(std::string_view folded, const triage_entities& entities);

/// True for the rules that read wording rather than a fact (the return-window question, a quote
/// that names quantities): an LLM, when one is configured, is still asked and its answer wins.
inline bool llm_may_override(std::string_view rule) {
  return rule == "rule.return_policy" || rule == "rule.quote_items";
}

/// True when the folded text asks explicitly for a person (agent, human, call back), ignoring
/// negated requests; sets `negated` when a request was found but negated.
bool asks_for_human(std::string_view folded, bool& negated);

}  // namespace centralita::ai
