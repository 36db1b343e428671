#pragma once
// The optional LLM in the autopilot's pipeline (OPENAI_API_KEY): triage and grounded INFO
// replies through providers/openai_client, validated like external input, with the local model
// and the template reply as the fallback for every failure. The calls block, so they run only
// on the autopilot shards (detached actors). Each outcome is one sentence for the decision's
// reason: what the LLM did, or why the local model decided.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ai/reply.hpp"
#include "ai/triage.hpp"
#include "providers/openai_client.hpp"

namespace centralita::actors {

/// Stops asking an LLM that keeps failing to answer: after `threshold` transport failures in a
/// row it is skipped for `pause`, then tried again. One per autopilot shard.
struct llm_breaker {
  int threshold = 3;
  std::chrono::milliseconds pause{30000};
  int failures = 0;
  std::chrono::steady_clock::time_point paused_until{};

  /// False while paused.
  bool allows(std::chrono::steady_clock::time_point now) const;
  /// Records an answer (any answer: a malformed one says the provider is reachable).
  void succeeded() { failures = 0; }
  /// Records a transport failure (timeout, refused, 429/5xx after the retries).
  void failed(std::chrono::steady_clock::time_point now);
};

/// A triage and the sentence that says where it came from.
struct assisted_triage {
  ai::triage_result triage;
  std::string note;
  /// The note's code for the dashboard: llm.pre_rule | llm.triage | llm.triage_fallback; empty
  /// without an LLM.
  std::string code;
};

/// Classifies with the LLM when there is one, no pre-rule fired and the breaker allows;
/// the local model's result otherwise (or when the LLM's answer fails validation). From the
/// LLM: category, confidence, the higher of both risks, and entities the local model missed
/// that appear verbatim in the text; language and the local entities stay.
assisted_triage classify_assisted(const providers::openai_client* llm,
                                  const ai::triage_model& local, const std::string& text,
                                  llm_breaker& breaker);

/// A grounded reply and the sentence that says how it was written.
struct assisted_reply {
  std::optional<std::string> text;  ///< the LLM's answer with its citation; empty: use the template
  std::string note;
  std::string code;  ///< llm.reply | llm.reply_fallback; empty when the LLM was not asked
};

/// Longest LLM reply taken, in bytes (WhatsApp allows 4096 characters; replies stay short).
inline constexpr size_t max_llm_reply_bytes = 1200;

/// Asks the LLM for an answer to `question` from the passages scoring at least `min_score`
/// and validates it: answerable, not empty, at most max_llm_reply_bytes, citing one of those
/// passages, no control characters, and in the customer's language (`triage.language`).
assisted_reply draft_assisted(const providers::openai_client& llm, const std::string& question,
                              const ai::triage_result& triage, const std::string& customer_name,
                              const std::vector<ai::knowledge_passage>& passages, double min_score,
                              llm_breaker& breaker);

}  // namespace centralita::actors
