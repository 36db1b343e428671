#include "bench/stats.hpp"

#include <algorithm>
#include <cmath>

namespace centralita::bench {

double percentile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank: the smallest sample with at least q of all samples at or below it.
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

percentiles summarize(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return {percentile_sorted(samples, 0.50), percentile_sorted(samples, 0.99),
          percentile_sorted(samples, 0.999)};
}

double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

}  // namespace centralita::bench
