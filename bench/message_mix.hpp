#pragma once
// The realistic workload of `centralita-bench ingest --mix realistic`: customers' WhatsApp messages
// drawn from a documented distribution (README › Benchmarks › The message mix) instead of one
// repeated template. Each customer keeps a small state so that follow-ups stay in their
// conversation and some customers come back to a case they already opened.

#include <cstdint>
#include <random>
#include <string>

namespace centralita::bench {

/// What one customer has said so far.
struct mix_customer {
  int messages = 0;        ///< sent so far
  std::string case_topic;  ///< the open case's category, once they opened one
  std::string case_ref;    ///< its order or tracking number, when it has one
  bool spanish = true;     ///< the customer's language, drawn once
};

/// Draws the next message text of a customer; deterministic for a seed.
class message_mix {
 public:
  explicit message_mix(uint64_t seed) : rng_(seed) {}

  /// The text of `who`'s next message (UTF-8, no control characters), updating their state.
  std::string next(mix_customer& who);

  /// Draws a new customer's language (70% Spanish, 30% English).
  mix_customer new_customer();

 private:
  std::string first_message(mix_customer& who);
  std::string follow_up(mix_customer& who);
  std::string fill(const std::string& pattern, const mix_customer& who);
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::mt19937_64 rng_;
};

}  // namespace centralita::bench
