#pragma once
// Text to dense vectors. The local embedder needs no network; remote_embedder wraps an
// OpenAI-compatible embeddings endpoint (CENTRALITA_EMBEDDER=openai). Vectors are
// L2-normalised, so inner product is cosine similarity.

#include <string>
#include <vector>

#include "common/result.hpp"

namespace centralita::vectorindex {

/// One vector per text, all of dimension().
using embedding = std::vector<float>;

/// Turns texts into unit vectors. Implementations are thread-safe (const calls).
class embedder {
 public:
  virtual ~embedder() = default;
  /// Stored with each chunk (knowledge_chunks.embedder): vectors of another name or dimension
  /// are recomputed, never mixed.
  virtual std::string name() const = 0;
  /// The length of every vector.
  virtual int dimension() const = 0;
  /// Embeds `texts` in order; errc::unavailable when a remote provider cannot be reached.
  virtual result<std::vector<embedding>> embed(const std::vector<std::string>& texts) const = 0;
  /// Embeds a customer's question; the default treats it like any other text.
  virtual result<embedding> embed_query(const std::string& text) const;
};

}  // namespace centralita::vectorindex
