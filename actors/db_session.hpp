#pragma once
// A detached actor's own PostgreSQL connection, reconnected lazily after a failure, but not more
// often than once a second so that a database outage is answered quickly instead of hammered.

#include <chrono>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::actors {

/// Owns at most one connection; one per detached actor, never shared.
class db_session {
 public:
  explicit db_session(std::string url) : url_(std::move(url)) {}

  /// The connection, (re)connecting when needed; errc::unavailable while the database is down.
  result<storage::pg_connection*> get();
  /// Forgets a connection that failed, so the next get() reconnects.
  void drop() { conn_.reset(); }
  /// Drops the connection when the error says the database went away.
  void on_error(const error& e) {
    if (e.code == errc::unavailable) drop();
  }

 private:
  std::string url_;
  std::optional<storage::pg_connection> conn_;
  std::chrono::steady_clock::time_point last_failure_{};
  error last_error_;
};

}  // namespace centralita::actors
