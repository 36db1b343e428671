#include "vectorindex/local_embedder.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "vectorindex/text_analyzer.hpp"

namespace centralita::vectorindex {

namespace {

// FNV-1a, 64 bits: stable across runs and builds, so stored vectors stay valid.
uint64_t fnv1a(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

result<embedding> embedder::embed_query(const std::string& text) const {
  auto out = embed({text});
  if (!out) return out.error();
  return std::move(out->front());
}

std::string local_embedder::name() const {
  return "local-hash-v3-" + std::to_string(options_.dimension);
}

result<std::vector<embedding>> local_embedder::embed(const std::vector<std::string>& texts) const {
  std::vector<embedding> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(embed_one(t));
  return out;
}

result<embedding> local_embedder::embed_query(const std::string& text) const {
  return embed_one(text);
}

embedding local_embedder::embed_one(const std::string& text) const {
  const auto a = analyze(text);
  std::unordered_map<std::string, float> features;
  for (const auto& s : a.stems) features["s:" + s] += 1;
  for (const auto& c : a.concepts) features["c:" + c] += 1;
  std::unordered_map<std::string, float> grams;
  for (const auto& w : a.words) {
    const std::string padded = "<" + w + ">";
    for (size_t i = 0; i + 3 <= padded.size(); ++i) grams["g:" + padded.substr(i, 3)] += 1;
  }

  embedding v(static_cast<size_t>(options_.dimension), 0.0f);
  auto add = [&](const std::string& feature, float tf, float weight) {
    const uint64_t h = fnv1a(feature, 0);
    const auto slot = static_cast<size_t>(h % v.size());
    // A second hash bit gives the sign, so colliding features tend to cancel, not pile up.
    const float sign = ((h >> 63) & 1U) != 0 ? -1.0f : 1.0f;
    v[slot] += sign * weight * (1.0f + std::log(tf));
  };
  for (const auto& [f, tf] : features) {
    const bool is_concept = f[0] == 'c';
    add(f, tf,
        !is_concept   ? options_.stem_weight
        : f[2] == '=' ? options_.lexicon_weight
                      : options_.concept_weight);
  }
  for (const auto& [g, tf] : grams) add(g, tf, options_.trigram_weight);

  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  if (norm > 0) {
    const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (auto& x : v) x *= inv;
  }
  return v;
}

}  // namespace centralita::vectorindex
