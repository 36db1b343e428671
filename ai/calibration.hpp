#pragma once
// Calibration: temperature scaling fitted on held-out messages, and the expected calibration
// error (ECE) that measures how far confidences are from accuracies.

#include <vector>

#include "ai/dataset.hpp"
#include "ai/linear_model.hpp"

namespace centralita::ai {

/// The temperature in [0.05, 20] minimising the negative log-likelihood of `data` under the
/// model's logits (golden-section search over log T; deterministic).
double fit_temperature(const linear_model& model, const std::vector<labelled_text>& data);

/// One equal-width confidence bin of a reliability diagram.
struct reliability_bin {
  double low = 0, high = 0;    ///< the confidences it holds: [low, high), the last one with 1
  int count = 0;               ///< answers whose confidence fell in it
  double mean_confidence = 0;  ///< their mean confidence (0 when empty)
  double accuracy = 0;         ///< the share of them that were right (0 when empty)
};

/// The answers sorted into `bins` equal-width confidence bins.
std::vector<reliability_bin> reliability_bins(const std::vector<double>& confidence,
                                              const std::vector<bool>& correct, int bins = 10);

/// ECE over equal-width confidence bins: the mean |accuracy − confidence| weighted by bin size.
double expected_calibration_error(const std::vector<double>& confidence,
                                  const std::vector<bool>& correct, int bins = 10);

/// The bins' ECE: the same, from bins already counted.
double expected_calibration_error(const std::vector<reliability_bin>& bins);

}  // namespace centralita::ai
