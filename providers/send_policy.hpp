#pragma once
// Pure rules of outbound delivery, kept apart from any I/O so they are unit-tested: what an
// HTTP answer means (sent, retry, give up), the Retry-After header, and the backoff between
// attempts (exponential with jitter, honouring Retry-After).

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// 2xx sent; 408, 425, 429 and 5xx retryable; anything else (3xx, other 4xx) permanent.
send_status classify_http_status(int status);

/// A Retry-After value: delta-seconds, or an HTTP-date compared with `now`. Empty when absent
/// or unreadable; a date in the past is zero.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now);

/// Backoff settings.
struct backoff_policy {
  std::chrono::milliseconds base{1000};                ///< the delay after the first failed attempt
  std::chrono::milliseconds cap{300000};               ///< no delay is longer (Retry-After aside)
  std::chrono::milliseconds retry_after_cap{3600000};  ///< a longer Retry-After is cut here
};

/// The delay before the attempt after `attempt` (1 = the first attempt failed): an exponential
/// ceiling min(cap, base * 2^(attempt-1)), jittered into [ceiling/2, ceiling) by `jitter` in
/// [0, 1), and never shorter than `retry_after` (itself capped).
std::chrono::milliseconds retry_delay(const backoff_policy& policy, int attempt, double jitter,
                                      std::optional<std::chrono::seconds> retry_after = {});

}  // namespace centralita::providers
