#include "providers/send_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include "common/backoff.hpp"

namespace centralita::providers {

send_status classify_http_status(int status) {
  if (status >= 200 && status < 300) return send_status::sent;
  if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600)) {
    return send_status::retryable;
  }
  return send_status::permanent;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(uint8_t(c)); })) {
    if (value.size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stol(std::string{value}));
  }
  // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 9110 §5.6.7).
  std::tm tm{};
  std::string text{value};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::time_t at = timegm(&tm);
  return std::chrono::seconds(std::max<std::time_t>(at - now, 0));
}

std::chrono::milliseconds retry_delay(const backoff_policy& p, int attempt, double jitter,
                                      std::optional<std::chrono::seconds> retry_after) {
  using std::chrono::milliseconds;
  attempt = std::max(attempt, 1);
  jitter = std::clamp(jitter, 0.0, 0.999999);
  const int64_t ceiling = exponential_backoff(p.base, p.cap, attempt).count();
  auto half = ceiling / 2;
  milliseconds delay{half + static_cast<int64_t>(jitter * static_cast<double>(ceiling - half))};
  if (retry_after) {
    auto asked = std::min<milliseconds>(*retry_after, p.retry_after_cap);
    delay = std::max(delay, asked);
  }
  return delay;
}

}  // namespace centralita::providers
