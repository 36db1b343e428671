#pragma once
// Thin ownership of libpq: one blocking connection (never shared across threads) and its results.
// Parameterized statements only.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"

namespace centralita::storage {

/// One statement's result rows; values are text.
class pg_result {
 public:
  explicit pg_result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::string str(int row, int col) const { return std::string{text(row, col)}; }
  int64_t i64(int row, int col) const;
  bool boolean(int row, int col) const { return text(row, col) == "t"; }
  /// Rows touched by INSERT/UPDATE/DELETE.
  int64_t affected() const;
  /// The libpq result, for status checks.
  const PGresult* raw() const { return r_.get(); }

 private:
  std::shared_ptr<PGresult> r_;
};

/// A statement parameter: text, or SQL NULL.
using param = std::optional<std::string>;

/// A PostgreSQL array literal of texts, for `unnest($1::text[])`.
std::string text_array(const std::vector<std::string>& items);
/// A PostgreSQL array literal of texts where an empty optional is NULL.
std::string nullable_text_array(const std::vector<std::optional<std::string>>& items);
/// A PostgreSQL array literal of integers.
std::string int_array(const std::vector<int64_t>& items);

/// One connection to PostgreSQL, owned by one thread (a detached actor, a CLI command, a test).
class pg_connection {
 public:
  /// Connects with a 3 s connect timeout and TCP keep-alives; errc::unavailable when it can't.
  static result<pg_connection> open(const std::string& url);

  /// Runs one parameterized statement.
  result<pg_result> exec(const char* sql, const std::vector<param>& params = {});
  /// Runs a hot statement through a server-side prepared statement named `name`, prepared on
  /// first use on this connection (saves parsing and planning on every call).
  result<pg_result> exec_prepared(const char* name, const char* sql,
                                  const std::vector<param>& params);
  /// Runs a script of several statements with no parameters (migrations).
  status exec_script(const std::string& sql);
  /// True when the connection is usable (not broken by a server restart).
  bool healthy() const;

  status begin() { return exec_script("BEGIN"); }
  status commit() { return exec_script("COMMIT"); }
  /// Best-effort rollback after a failed statement.
  void rollback();

 private:
  explicit pg_connection(PGconn* c) : c_(c, &PQfinish) {}
  std::unique_ptr<PGconn, void (*)(PGconn*)> c_;
  std::unordered_set<std::string> prepared_;
};

/// Runs `body` inside BEGIN/COMMIT, rolling back when it returns an error.
template <class F>
auto in_transaction(pg_connection& db, F&& body) -> decltype(body()) {
  if (auto s = db.begin(); !s) return s.error();
  auto out = body();
  if (!out) {
    db.rollback();
    return out;
  }
  if (auto s = db.commit(); !s) return s.error();
  return out;
}

}  // namespace centralita::storage
