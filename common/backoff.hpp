#pragma once
// The project's one backoff curve: every retry (outbound sends, supervised restarts, database
// retries of the conversation and autopilot actors, knowledge index loads, LLM calls) waits
// base × 2^(attempt−1), capped. Jitter and Retry-After are the outbox's business
// (providers/send_policy.hpp) and start from this ceiling.

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace centralita {

/// The wait after `attempt` failures in a row (1 = the first failed): min(cap, base·2^(attempt−1)),
/// at least 1 ms. Doubling stops at the cap, so no attempt number overflows.
inline std::chrono::milliseconds exponential_backoff(std::chrono::milliseconds base,
                                                     std::chrono::milliseconds cap, int attempt) {
  const int64_t limit = std::max<int64_t>(cap.count(), 1);
  int64_t wait = std::max<int64_t>(base.count(), 1);
  for (int i = 1; i < attempt && wait < limit; ++i) wait *= 2;
  return std::chrono::milliseconds(std::min(wait, limit));
}

}  // namespace centralita
