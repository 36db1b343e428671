#pragma once
// Brakes on password guessing: at most `per_email` failed logins per e-mail and `per_ip` per
// client address within a sliding window. An attempt takes a slot before the password is
// checked (so concurrent guesses can't all slip through), and gives it back when it succeeds
// or could not be checked; a success also forgets the e-mail's failures.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace centralita::net {

/// Thread-safe. In process memory: counts reset on restart and are per node, which is fine for
/// a brake (unlike idempotency, nothing breaks when it forgets).
class login_limiter {
 public:
  using clock = std::chrono::steady_clock;

  login_limiter(int per_email, int per_ip, std::chrono::seconds window)
      : per_email_(per_email), per_ip_(per_ip), window_(window) {}

  /// Takes a slot for both keys; when either is used up, takes none and returns the seconds
  /// until one frees (> 0). Returns 0 when the attempt may go on.
  int try_begin(const std::string& email, const std::string& ip, clock::time_point now);
  /// The password was right: the e-mail's failures are forgotten, the address's slot returned.
  void succeeded(const std::string& email, const std::string& ip);
  /// The attempt could not be judged (database down): both slots are returned.
  void abandoned(const std::string& email, const std::string& ip);

 private:
  using log = std::deque<clock::time_point>;
  static void expire(log& l, clock::time_point now, std::chrono::seconds window);
  static void give_back(std::unordered_map<std::string, log>& m, const std::string& key);
  void prune(std::unordered_map<std::string, log>& m, clock::time_point now);

  int per_email_;
  int per_ip_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, log> emails_;
  std::unordered_map<std::string, log> ips_;
};

}  // namespace centralita::net
