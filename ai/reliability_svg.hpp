#pragma once
// The reliability diagram as a picture (SVG): per confidence bin, the accuracy of the answers
// against their mean confidence, one line per labelled set, over the diagonal of a perfectly
// calibrated model. `centralita-triage-tool eval --reliability-svg` writes it for the README.

#include <string>
#include <utility>
#include <vector>

#include "ai/calibration.hpp"

namespace centralita::ai {

/// One labelled set's bins and its name (the legend).
struct reliability_series {
  std::string name;
  std::vector<reliability_bin> bins;
  double ece = 0;
};

/// A self-contained SVG document of the series (empty bins are left out).
std::string reliability_svg(const std::vector<reliability_series>& series);

}  // namespace centralita::ai
