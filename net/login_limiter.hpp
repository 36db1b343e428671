#pragma once
// Brakes on password guessing, cluster-wide: at most `per_email` failed attempts per e-mail and
// `per_ip` per client address within a sliding window, counted in PostgreSQL
// (storage/login_attempt_repo.hpp), so every node of a cluster sees the same counts. An attempt
// takes a slot before the password is checked (so concurrent guesses on any node can't all slip
// through), and gives it back when it succeeds or could not be checked; a success also forgets
// the e-mail's failures.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "net/http_types.hpp"

namespace centralita::storage {
class pg_connection;
}

namespace centralita::net {

class login_limiter {
 public:
  login_limiter(int per_email, int per_ip, std::chrono::seconds window)
      : per_email_(per_email), per_ip_(per_ip), window_(window) {}

  /// One attempt: a wait in seconds when a limit is used up (no slot taken), else its slots.
  struct attempt {
    int wait_s = 0;
    std::vector<int64_t> slots;
  };

  /// Takes a slot for the e-mail and the address, before the password is checked.
  result<attempt> begin(storage::pg_connection& db, const std::string& email,
                        const std::string& ip) const;
  /// The password was right: the e-mail's failures are forgotten, the address's slot returned.
  void succeeded(storage::pg_connection& db, const std::string& email, const attempt& a) const;
  /// The attempt could not be judged (the database failed after the slots were taken).
  void abandoned(storage::pg_connection& db, const attempt& a) const;

 private:
  int per_email_;
  int per_ip_;
  std::chrono::seconds window_;
};

/// The 429 answer for an attempt over a limit, with Retry-After; `what` says what was tried too
/// often ("failed logins").
response too_many_attempts(int wait_s, const std::string& what);

}  // namespace centralita::net
