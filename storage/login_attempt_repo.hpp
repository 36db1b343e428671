#pragma once
// Login attempts counted in PostgreSQL (storage/migrations/046_login_attempts.sql), so that the
// brakes on password guessing hold across the nodes of a cluster: a sliding window per key, on
// the database's clock.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A key and how many attempts it may have within the window.
struct attempt_limit {
  std::string key;
  int most = 0;
};

/// What taking slots gave: a wait in seconds (> 0: over a limit, no slot taken), else the slots.
struct attempt_slots {
  int wait_s = 0;
  std::vector<int64_t> ids;  ///< one per key, in the order given
};

class login_attempt_repo {
 public:
  explicit login_attempt_repo(pg_connection& db) : db_(db) {}

  /// Takes a slot for every key unless one of them already has `most` attempts within the last
  /// `window_s` seconds; then takes none and says how long until its oldest leaves the window.
  /// Serialized per key (advisory locks), so concurrent attempts on any node never overshoot.
  result<attempt_slots> take(const std::vector<attempt_limit>& keys, int window_s);
  /// Forgets every attempt of `key`, and the slots `ids`.
  status forget(const std::string& key, const std::vector<int64_t>& ids);
  /// Returns the slots `ids` (an attempt that could not be judged).
  status give_back(const std::vector<int64_t>& ids);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
