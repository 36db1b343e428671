#pragma once
// A token bucket per channel account: `rate` webhooks per second with bursts up to `burst`.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace centralita::net {

/// Thread-safe; one bucket per key, created full on first use.
class rate_limiter {
 public:
  rate_limiter(double default_rate, double burst) : default_rate_(default_rate), burst_(burst) {}

  /// Takes a token; when none is left, returns false and sets `retry_after_s`.
  bool try_take(int64_t key, double rate, int& retry_after_s);
  double default_rate() const { return default_rate_; }

 private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled;
  };
  double default_rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<int64_t, bucket> buckets_;
};

}  // namespace centralita::net
