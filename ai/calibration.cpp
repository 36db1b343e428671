#include "ai/calibration.hpp"

#include <algorithm>

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

std::vector<reliability_bin> reliability_bins(const std::vector<double>& confidence,
                                              const std::vector<bool>& correct, int bins) {
  if (bins < 1) return {};
  std::vector<reliability_bin> out(static_cast<std::size_t>(bins));
  for (int b = 0; b < bins; ++b) {
    out[static_cast<std::size_t>(b)].low = static_cast<double>(b) / bins;
    out[static_cast<std::size_t>(b)].high = static_cast<double>(b + 1) / bins;
  }
  std::vector<double> conf_sum(out.size(), 0.0), hits(out.size(), 0.0);
  for (std::size_t i = 0; i < confidence.size() && i < correct.size(); ++i) {
    auto b =
        static_cast<std::size_t>(std::clamp(static_cast<int>(confidence[i] * bins), 0, bins - 1));
    conf_sum[b] += confidence[i];
    hits[b] += correct[i] ? 1 : 0;
    ++out[b].count;
  }
  for (std::size_t b = 0; b < out.size(); ++b) {
    if (out[b].count == 0) continue;
    out[b].mean_confidence = conf_sum[b] / out[b].count;
    out[b].accuracy = hits[b] / out[b].count;
  }
  return out;
}

double expected_calibration_error(const std::vector<reliability_bin>& bins) {
  double gap = 0;
  int total = 0;
  for (const auto& b : bins) {
    gap += b.count * std::fabs(b.accuracy - b.mean_confidence);
    total += b.count;
  }
  return total > 0 ? gap / total : 0;
}

double expected_calibration_error(const std::vector<double>& confidence,
                                  const std::vector<bool>& correct, int bins) {
  return expected_calibration_error(reliability_bins(confidence, correct, bins));
}

}  // namespace centralita::ai
