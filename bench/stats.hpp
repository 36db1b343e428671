#pragma once
// Percentiles of latency samples for the bench's reports.

#include <vector>

namespace centralita::bench {

/// The q-quantile (q in [0, 1]) of samples sorted ascending, by nearest rank; 0 when empty.
double percentile_sorted(const std::vector<double>& sorted, double q);

/// The percentiles every bench report shows.
struct percentiles {
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
};

/// Sorts the samples and reads p50, p99 and p99.9 from them.
percentiles summarize(std::vector<double> samples);

/// Rounds to three decimals, so reports print 12.346 rather than 12.345678912.
double round3(double value);

}  // namespace centralita::bench
