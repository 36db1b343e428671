#include "net/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace centralita::net {

bool rate_limiter::try_take(int64_t key, double rate, int& retry_after_s) {
  auto now = std::chrono::steady_clock::now();
  // A bucket never holds less than one second's worth, so a slow account can still burst.
  double capacity = std::max(burst_ * std::min(1.0, rate / default_rate_), std::max(rate, 1.0));
  std::lock_guard<std::mutex> lock{mutex_};
  auto [it, fresh] = buckets_.try_emplace(key, bucket{capacity, now});
  auto& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(capacity, b.tokens + elapsed * rate);
  b.refilled = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  retry_after_s = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate)));
  return false;
}

}  // namespace centralita::net
