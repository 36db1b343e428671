#pragma once
// The triage model: category, calibrated confidence, risk and entities for one customer
// message, computed locally (no network) by pre-rules and a linear model over hashed n-grams.

#include <memory>
#include <string>
#include <string_view>

#include "ai/entities.hpp"
#include "common/result.hpp"

namespace centralita::ai {

/// How carefully a message must be handled.
enum class risk_level { low, medium, high };

/// "low", "medium" or "high".
std::string_view to_string(risk_level level);

/// Everything triage says about one message.
struct triage_result {
  std::string category;   ///< one of centralita::categories
  double confidence = 0;  ///< calibrated probability that the category is right, in [0,1]
  risk_level risk = risk_level::low;
  std::string language;  ///< "es" or "en"
  triage_entities entities;
  std::string rule;    ///< "model", or the pre-rule that fired ("rule.bare_tracking_number")
  std::string reason;  ///< one human-readable sentence for the dashboard
};

struct linear_model;

/// A loaded triage model; cheap to copy (the weights are shared and immutable).
class triage_model {
 public:
  /// Reads and parses a model file (see ai/README.md for the format).
  static result<triage_model> load_file(const std::string& path);
  /// Parses a model from its text; a wrong version or a corrupt file is an invalid_input error.
  static result<triage_model> parse(std::string_view model_text);
  /// The model embedded in the binary at build time, parsed once on first use.
  static const triage_model& builtin();
  /// Wraps a model trained in this process (by the triage tool and the tests).
  explicit triage_model(std::shared_ptr<const linear_model> model);

  /// Classifies one message; const and thread-safe.
  triage_result classify(std::string_view text) const;

  /// The underlying weights, for the tools that evaluate or re-save a model.
  const linear_model& weights() const { return *model_; }

 private:
  std::shared_ptr<const linear_model> model_;
};

}  // namespace centralita::ai
