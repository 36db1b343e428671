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

/// ECE over equal-width confidence bins: the mean |accuracy − confidence| weighted by bin size.
double expected_calibration_error(const std::vector<double>& confidence,
                                  const std::vector<bool>& correct, int bins = 10);

}  // namespace centralita::ai
