#pragma once
// `centralita-bench triage`: speed of the local triage model on one thread (issue target:
// at least 20,000 messages/s, p99 at most 1 ms).

#include <string>

namespace centralita::bench {

/// Classifies `messages` typical customer messages (Spanish and English, with entities) one at a
/// time on this thread and prints one JSON object: messages/s and p50/p99 latency in µs. Uses
/// the model file at `model_path`, or the built-in model when empty. Returns 0, or 1 when the
/// model cannot be loaded.
int run_triage(int messages, const std::string& model_path);

}  // namespace centralita::bench
