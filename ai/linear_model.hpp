#pragma once
// The multinomial logistic regression behind triage, and its versioned text file format.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "ai/features.hpp"
#include "common/result.hpp"

namespace centralita::ai {

/// Number of categories the model scores (centralita::categories, in that order).
inline constexpr std::size_t class_count = 7;

/// The first line of every model file; a file with another first line is refused.
inline constexpr std::string_view model_header = "centralita-triage-model v1";

/// Weights of a linear model over hashed features, plus the calibration temperature.
struct linear_model {
  feature_config features;
  std::vector<float> weights;  ///< bucket-major: weights[bucket * class_count + k]
  std::array<float, class_count> bias{};
  double temperature = 1.0;  ///< logits are divided by it before the softmax

  /// Raw logits (before temperature) for a feature vector.
  std::array<double, class_count> logits(const std::vector<feature>& x) const;
};

/// Softmax of logits / temperature; classes marked in `masked` get probability 0.
std::array<double, class_count> softmax(const std::array<double, class_count>& logits,
                                        double temperature,
                                        const std::array<bool, class_count>& masked = {});

/// Writes the model as text: header, settings, bias, then one line per non-zero bucket.
std::string serialize_model(const linear_model& model);

/// Parses serialize_model's text; any inconsistency is an invalid_input error naming the line.
result<linear_model> parse_model(std::string_view text);

}  // namespace centralita::ai
