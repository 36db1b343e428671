#pragma once
// An embedder backed by a remote provider (the OpenAI-compatible embeddings endpoint, wired in
// by the node): the network call is a function, so this layer stays free of HTTP and JSON. The
// dimension is learned from the first answer (a one-word probe when it is asked for first),
// vectors are L2-normalised like the local embedder's, and an answer of another dimension is
// refused. Its name carries the model, so switching embedders re-embeds every stored chunk.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "vectorindex/embedder.hpp"

namespace centralita::vectorindex {

/// Texts in, one vector per text out, in order; errc::unavailable when unreachable.
using embed_function =
    std::function<result<std::vector<embedding>>(const std::vector<std::string>&)>;

/// Thread-safe.
class remote_embedder final : public embedder {
 public:
  /// `name` is stored with each chunk, e.g. "openai:text-embedding-3-small".
  remote_embedder(std::string name, embed_function fn);

  std::string name() const override { return name_; }
  /// The provider's dimension; 0 while it has never answered (the probe failed).
  int dimension() const override;
  result<std::vector<embedding>> embed(const std::vector<std::string>& texts) const override;

 private:
  std::string name_;
  embed_function fn_;
  mutable std::mutex mutex_;
  mutable int dimension_ = 0;
};

}  // namespace centralita::vectorindex
