#pragma once
// Training of the triage model: multinomial logistic regression by stochastic gradient descent
// with L2 regularisation and class-balanced weights, averaged over a few shuffling orders,
// reproducible for a given seed.

#include <cstdint>
#include <vector>

#include "ai/dataset.hpp"
#include "ai/linear_model.hpp"

namespace centralita::ai {

/// Knobs of train_model; the defaults are the ones the shipped model is trained with.
struct train_options {
  std::uint64_t seed = 20241;  ///< shuffling order; same seed and data → same model bytes
  int epochs = 12;
  double learning_rate = 0.8;   ///< initial step, decayed as 1/sqrt(epoch)
  double l2 = 2e-5;             ///< per-example L2 penalty
  bool balance_classes = true;  ///< weigh each class as if all had the same number of messages
  int runs = 5;                 ///< runs averaged, with seeds seed, seed+1, …
  feature_config features;
};

/// Trains a model (temperature 1) on the labelled messages; invalid_input when a category has
/// no examples.
result<linear_model> train_model(const std::vector<labelled_text>& data,
                                 const train_options& options);

/// Index of a category name in centralita::categories, or class_count when unknown.
std::size_t category_index(std::string_view name);

}  // namespace centralita::ai
