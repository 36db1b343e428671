#include "ai/features.hpp"

#include <cmath>
#include <string>

#include "ai/text_fold.hpp"

namespace centralita::ai {

namespace {

constexpr std::uint64_t fnv_prime = 0x100000001b3ULL;

std::uint64_t hash_more(std::uint64_t h, std::string_view bytes) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= fnv_prime;
  }
  return h;
}

// Numbers are reduced to their shape, so "pedido 48213" and "pedido 99120" share features.
std::string_view word_shape(std::string_view w) {
  if (is_digits(w)) return w.size() >= 4 ? "#num" : "#n";
  if (is_code(w)) return "#code";
  return w;
}

// Appends one family's features with values 1/sqrt(count), so each family has unit norm.
void add_family(std::vector<feature>& out, std::size_t first, std::uint32_t mask) {
  auto count = out.size() - first;
  if (count == 0) return;
  float value = 1.0F / std::sqrt(static_cast<float>(count));
  for (auto i = first; i < out.size(); ++i) {
    out[i].index &= mask;
    out[i].value = value;
  }
}

}  // namespace

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
  return hash_more(seed, bytes);
}

void extract_features(std::string_view folded, const feature_config& config,
                      std::vector<feature>& out) {
  out.clear();
  const std::uint32_t mask = (1U << config.buckets_log2) - 1U;
  auto words = split_words(folded);

  // A bias-like feature, present in every message.
  auto first = out.size();
  out.push_back({static_cast<std::uint32_t>(stable_hash("#all")), 0});
  for (auto w : words) {
    auto h = hash_more(stable_hash("w:"), word_shape(w));
    out.push_back({static_cast<std::uint32_t>(h), 0});
  }
  add_family(out, first, mask);

  first = out.size();
  std::string_view prev = "#start";
  for (std::size_t i = 0; i <= words.size(); ++i) {
    std::string_view cur = i < words.size() ? word_shape(words[i]) : "#end";
    auto h = hash_more(hash_more(hash_more(stable_hash("b:"), prev), " "), cur);
    out.push_back({static_cast<std::uint32_t>(h), 0});
    prev = cur;
  }
  add_family(out, first, mask);

  // Character n-grams over the whole folded text with digits collapsed, padded with spaces:
  // they catch typos, missing accents and word stems, and cross word boundaries.
  first = out.size();
  std::string padded;
  padded.reserve(folded.size() + 2);
  padded.push_back(' ');
  for (char c : folded) {
    bool digit = c >= '0' && c <= '9';
    if (digit && !padded.empty() && padded.back() == '0') continue;
    padded.push_back(digit ? '0' : c);
  }
  padded.push_back(' ');
  const std::uint64_t char_seed = stable_hash("c:");
  for (int n = config.char_min; n <= config.char_max; ++n) {
    auto len = static_cast<std::size_t>(n);
    for (std::size_t i = 0; i + len <= padded.size(); ++i) {
      auto gram = std::string_view{padded}.substr(i, len);
      auto h = hash_more(char_seed + static_cast<std::uint64_t>(n), gram);
      out.push_back({static_cast<std::uint32_t>(h), 0});
    }
  }
  add_family(out, first, mask);
}

}  // namespace centralita::ai
