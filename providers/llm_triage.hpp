#pragma once
// Triage by an OpenAI-compatible LLM: the request (a strict JSON schema and a prompt that treats
// the customer's words as data) and the validation of the answer, which is external input like
// any webhook: every field checked, nothing trusted. Plain functions over strings.

#include <string>

#include "common/result.hpp"
#include "providers/openai_client.hpp"

namespace centralita::providers {

/// Entities the LLM found; empty when it found none.
struct llm_entities {
  std::string order_number;
  std::string tracking_number;
  std::string invoice_number;
  std::string email;
  std::string amount;
};

/// A validated classification.
struct llm_triage {
  std::string category;   ///< one of centralita::categories
  double confidence = 0;  ///< in [0,1]
  std::string risk;       ///< low | medium | high
  llm_entities entities;
};

/// The chat request that classifies `text`.
chat_request triage_request(const std::string& text);

/// Validates the JSON content of the answer: errc::unprocessable naming what is wrong (not
/// JSON, a missing field, an unknown category, a confidence out of [0,1], an unknown risk).
result<llm_triage> parse_llm_triage(const std::string& content);

}  // namespace centralita::providers
