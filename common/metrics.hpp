#pragma once
// Process metrics in the Prometheus text format: counters, gauges and histograms, each family
// with labels. Lookups take a mutex; hot paths keep the returned reference.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace centralita::metrics {

/// A monotonically increasing count.
class counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

/// A value that goes up and down.
class gauge {
 public:
  void set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

/// Observations in fixed buckets (upper bounds in seconds), with their sum and count.
class histogram {
 public:
  explicit histogram(std::vector<double> bounds);
  void observe(double seconds);
  std::string render(const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> sum_micros_{0};
  std::atomic<uint64_t> count_{0};
};

/// Latency buckets from 0.5 ms to 10 s.
std::vector<double> latency_buckets();

/// The set of metric families of one process.
class registry {
 public:
  /// `labels` is the Prometheus label list without braces, e.g. `route="/x",status="200"`.
  counter& get_counter(const std::string& name, const std::string& help,
                       const std::string& labels = {});
  gauge& get_gauge(const std::string& name, const std::string& help,
                   const std::string& labels = {});
  histogram& get_histogram(const std::string& name, const std::string& help,
                           const std::string& labels = {});
  /// A gauge computed when the metrics are read (queue depths, live actors).
  void gauge_fn(const std::string& name, const std::string& help, const std::string& labels,
                std::function<double()> fn);
  /// Every family in the Prometheus text exposition format 0.0.4.
  std::string render() const;

  /// The process-wide registry.
  static registry& global();

 private:
  struct family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<counter>> counters;
    std::map<std::string, std::unique_ptr<gauge>> gauges;
    std::map<std::string, std::unique_ptr<histogram>> histograms;
    std::map<std::string, std::function<double()>> fns;
  };
  family& family_for(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
};

}  // namespace centralita::metrics
