#pragma once
// Evaluation of a triage model on labelled messages: per-category precision, recall and F1,
// macro-F1, accuracy, expected calibration error, the confusion matrix and the speed.

#include <array>
#include <string>
#include <vector>

#include "ai/calibration.hpp"
#include "ai/dataset.hpp"
#include "ai/linear_model.hpp"
#include "ai/triage.hpp"

namespace centralita::ai {

/// Precision, recall and F1 of one category.
struct class_scores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  int support = 0;  ///< messages whose true label is this category
};

/// What evaluate() measured.
struct eval_report {
  int messages = 0;
  double accuracy = 0;
  double macro_f1 = 0;  ///< mean F1 over categories present in the labels or the predictions
  double ece = 0;       ///< expected calibration error of the full pipeline (rules + model)
  std::vector<reliability_bin> reliability;  ///< ten confidence bins: the reliability diagram
  double messages_per_second = 0;
  std::array<class_scores, class_count> per_class{};
  /// confusion[true][predicted], in centralita::categories order.
  std::array<std::array<int, class_count>, class_count> confusion{};
};

/// Classifies every message with the full pipeline and scores the answers.
eval_report evaluate(const triage_model& model, const std::vector<labelled_text>& data);

/// The report as readable text: the per-category table, the summary, the confusion matrix and
/// the reliability table (per confidence bin: answers, mean confidence, accuracy).
std::string format_report(const eval_report& report);

}  // namespace centralita::ai
