#pragma once
// Hashed features for the linear triage model: word unigrams and bigrams plus character
// n-grams of the folded text, each hashed into a fixed number of buckets.

#include <cstdint>
#include <string_view>
#include <vector>

namespace centralita::ai {

/// One active feature: a bucket index and its value.
struct feature {
  std::uint32_t index = 0;
  float value = 0;
};

/// How text becomes features; stored in the model file so a model and its features match.
struct feature_config {
  std::uint32_t buckets_log2 = 18;  ///< 2^buckets_log2 hash buckets
  int char_min = 2;                 ///< shortest character n-gram
  int char_max = 5;                 ///< longest character n-gram
};

/// FNV-1a, 64 bits: stable across platforms and builds, so model files travel.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL);

/// Features of already-folded text (see fold_text), L2-normalised per feature family
/// (words, bigrams, character n-grams) so short and long messages weigh alike.
/// `out` is cleared and reused, so a caller can keep one buffer per thread.
void extract_features(std::string_view folded, const feature_config& config,
                      std::vector<feature>& out);

}  // namespace centralita::ai
