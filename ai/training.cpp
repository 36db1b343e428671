#include "ai/training.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "ai/text_fold.hpp"
#include "common/categories.hpp"

namespace centralita::ai {

std::size_t category_index(std::string_view name) {
  for (std::size_t k = 0; k < categories.size(); ++k) {
    if (categories[k] == name) return k;
  }
  return class_count;
}

namespace {

// One SGD run with `seed` shuffling the order.
result<linear_model> train_run(const std::vector<labelled_text>& data, const train_options& options,
                               std::uint64_t seed) {
  linear_model m;
  m.features = options.features;
  const std::size_t buckets = std::size_t{1} << m.features.buckets_log2;
  m.weights.assign(buckets * class_count, 0.0F);

  // Featurise once.
  std::vector<std::vector<feature>> xs(data.size());
  std::vector<std::size_t> ys(data.size());
  std::array<double, class_count> counts{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    extract_features(fold_text(data[i].text), m.features, xs[i]);
    ys[i] = category_index(data[i].label);
    if (ys[i] == class_count)
      return make_error(errc::invalid_input, "unknown label " + data[i].label);
    counts[ys[i]] += 1;
  }
  std::array<double, class_count> class_weight{};
  for (std::size_t k = 0; k < class_count; ++k) {
    if (counts[k] == 0) {
      return make_error(errc::invalid_input,
                        "no training examples for " + std::string{categories[k]});
    }
    class_weight[k] = options.balance_classes
                          ? static_cast<double>(data.size()) / (class_count * counts[k])
                          : 1.0;
  }

  // Plain SGD on the softmax loss. The L2 shrink is applied lazily through a global scale:
  // true weights = scale * stored weights, so each step only touches the active buckets.
  std::vector<std::size_t> order(data.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng{seed};
  double scale = 1.0;
  std::array<double, class_count> bias{};
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    // Fisher-Yates with the engine's raw output: the same order on every standard library.
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[rng() % i]);
    }
    const double lr = options.learning_rate / std::sqrt(1.0 + epoch);
    for (auto idx : order) {
      const auto& x = xs[idx];
      std::array<double, class_count> z = bias;
      for (const auto& f : x) {
        const float* row = m.weights.data() + static_cast<std::size_t>(f.index) * class_count;
        for (std::size_t k = 0; k < class_count; ++k) z[k] += scale * row[k] * f.value;
      }
      auto p = softmax(z, 1.0);
      scale *= 1.0 - lr * options.l2;
      const double w = class_weight[ys[idx]];
      for (std::size_t k = 0; k < class_count; ++k) {
        double g = w * (p[k] - (k == ys[idx] ? 1.0 : 0.0));
        bias[k] -= lr * g;
        for (const auto& f : x) {
          m.weights[static_cast<std::size_t>(f.index) * class_count + k] -=
              static_cast<float>(lr * g * f.value / scale);
        }
      }
      if (scale < 1e-3) {
        for (auto& v : m.weights) v = static_cast<float>(v * scale);
        scale = 1.0;
      }
    }
  }
  for (auto& v : m.weights) v = static_cast<float>(v * scale);
  for (std::size_t k = 0; k < class_count; ++k) m.bias[k] = static_cast<float>(bias[k]);
  return m;
}

}  // namespace

result<linear_model> train_model(const std::vector<labelled_text>& data,
                                 const train_options& options) {
  // The average of runs that differ only in their order: one run's weights depend on the
  // order it met the messages in, the average much less (docs: ai/README.md).
  const int runs = std::max(1, options.runs);
  linear_model sum;
  for (int r = 0; r < runs; ++r) {
    auto m = train_run(data, options, options.seed + static_cast<std::uint64_t>(r));
    if (!m) return m;
    if (r == 0) {
      sum = std::move(*m);
      continue;
    }
    for (std::size_t i = 0; i < sum.weights.size(); ++i) sum.weights[i] += m->weights[i];
    for (std::size_t k = 0; k < class_count; ++k) sum.bias[k] += m->bias[k];
  }
  const float share = 1.0F / static_cast<float>(runs);
  for (auto& v : sum.weights) v *= share;
  for (auto& b : sum.bias) b *= share;
  return sum;
}

}  // namespace centralita::ai
