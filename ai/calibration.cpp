#include "ai/calibration.hpp"

#include <cmath>

#include "ai/text_fold.hpp"
#include "ai/training.hpp"

namespace centralita::ai {

double fit_temperature(const linear_model& model, const std::vector<labelled_text>& data) {
  std::vector<std::array<double, class_count>> logits;
  std::vector<std::size_t> ys;
  std::vector<feature> x;
  for (const auto& d : data) {
    auto y = category_index(d.label);
    if (y == class_count) continue;
    extract_features(fold_text(d.text), model.features, x);
    logits.push_back(model.logits(x));
    ys.push_back(y);
  }
  if (logits.empty()) return 1.0;
  auto nll = [&](double log_t) {
    double t = std::exp(log_t);
    double sum = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      sum -= std::log(std::max(softmax(logits[i], t)[ys[i]], 1e-12));
    }
    return sum;
  };
  double lo = std::log(0.05);
  double hi = std::log(20.0);
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double a = hi - phi * (hi - lo);
  double b = lo + phi * (hi - lo);
  double fa = nll(a);
  double fb = nll(b);
  for (int i = 0; i < 60; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(b);
    }
  }
  return std::exp((lo + hi) / 2);
}

double expected_calibration_error(const std::vector<double>& confidence,
                                  const std::vector<bool>& correct, int bins) {
  if (confidence.empty() || bins < 1) return 0;
  std::vector<double> conf_sum(static_cast<std::size_t>(bins), 0.0);
  std::vector<double> hits(static_cast<std::size_t>(bins), 0.0);
  std::vector<double> count(static_cast<std::size_t>(bins), 0.0);
  for (std::size_t i = 0; i < confidence.size(); ++i) {
    auto b = static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(confidence[i] * bins)));
    conf_sum[b] += confidence[i];
    hits[b] += correct[i] ? 1 : 0;
    count[b] += 1;
  }
  double ece = 0;
  for (std::size_t b = 0; b < count.size(); ++b) {
    if (count[b] > 0) ece += std::fabs(hits[b] - conf_sum[b]);
  }
  return ece / static_cast<double>(confidence.size());
}

}  // namespace centralita::ai
