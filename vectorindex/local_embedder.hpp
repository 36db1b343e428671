#pragma once
// The default embedder, local and deterministic: feature hashing of analysed terms into a dense
// vector. Stems and thesaurus concepts carry the meaning ("reembolso" ~ "refund"), character
// trigrams of the words absorb typos ("devolusion") and unstemmed variants. Term frequencies
// are dampened (1 + log tf) and the vector is L2-normalised.

#include "vectorindex/embedder.hpp"

namespace centralita::vectorindex {

/// Weights of the feature kinds; the defaults were tuned on vectorindex/eval.
struct local_embedder_options {
  int dimension = 384;
  float stem_weight = 1.0f;
  float concept_weight = 1.3f;  ///< thesaurus terms ("~refund")
  float lexicon_weight = 1.0f;  ///< bilingual lexicon terms ("=order")
  float trigram_weight = 0.25f;
};

/// Thread-safe; cheap to copy.
class local_embedder final : public embedder {
 public:
  explicit local_embedder(local_embedder_options options = {}) : options_(options) {}

  std::string name() const override;
  int dimension() const override { return options_.dimension; }
  result<std::vector<embedding>> embed(const std::vector<std::string>& texts) const override;
  result<embedding> embed_query(const std::string& text) const override;

  /// One text's vector (never fails).
  embedding embed_one(const std::string& text) const;

 private:
  local_embedder_options options_;
};

}  // namespace centralita::vectorindex
