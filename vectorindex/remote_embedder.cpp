#include "vectorindex/remote_embedder.hpp"

#include <cmath>

namespace centralita::vectorindex {

remote_embedder::remote_embedder(std::string name, embed_function fn)
    : name_(std::move(name)), fn_(std::move(fn)) {}

int remote_embedder::dimension() const {
  {
    std::lock_guard<std::mutex> lock{mutex_};
    if (dimension_ > 0) return dimension_;
  }
  (void)embed({"dimension"});  // learns it, or leaves 0 for the next call to try again
  std::lock_guard<std::mutex> lock{mutex_};
  return dimension_;
}

result<std::vector<embedding>> remote_embedder::embed(const std::vector<std::string>& texts) const {
  if (texts.empty()) return std::vector<embedding>{};
  auto out = fn_(texts);
  if (!out) return out.error();
  if (out->size() != texts.size() || out->front().empty()) {
    return make_error(errc::unavailable, "embeddings: wrong number of vectors", "bad_embeddings");
  }
  const auto dim = static_cast<int>(out->front().size());
  {
    std::lock_guard<std::mutex> lock{mutex_};
    if (dimension_ == 0) dimension_ = dim;
    if (dim != dimension_) {
      return make_error(errc::unavailable,
                        "embeddings: dimension " + std::to_string(dim) + " instead of " +
                            std::to_string(dimension_),
                        "bad_embeddings");
    }
  }
  for (auto& v : *out) {
    if (static_cast<int>(v.size()) != dim) {
      return make_error(errc::unavailable, "embeddings: dimensions differ", "bad_embeddings");
    }
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    if (norm <= 0) continue;
    const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : v) x *= scale;
  }
  return out;
}

}  // namespace centralita::vectorindex
