#pragma once
// A throwaway database per test, copied from a template database (migrated, and seeded if
// asked) that is built once per build of the test binary and shared by its processes (ctest
// runs each test case as its own process). Dropped when the object goes away.

#include <string>

#include "storage/pg.hpp"

namespace centralita::testkit {

/// What a new test database holds.
enum class db_contents {
  empty,     ///< nothing: for tests of the migrations themselves
  migrated,  ///< the schema, no rows
  seeded,    ///< the schema and the demo data of docs/contract.md
};

/// A uniquely named database on the server of admin_database_url(); dropped WITH (FORCE) in
/// the destructor. Throws std::runtime_error when it cannot be created.
class test_database {
 public:
  /// Creates the database, copying the template for `contents` (built first if missing).
  explicit test_database(db_contents contents = db_contents::seeded);
  ~test_database();
  test_database(const test_database&) = delete;
  test_database& operator=(const test_database&) = delete;

  /// The database's name, e.g. `ctest_1234_7_9f3a1c`.
  const std::string& name() const { return name_; }
  /// A connection URL for it (the admin URL with the database name replaced).
  const std::string& url() const { return url_; }
  /// A new connection to it; throws std::runtime_error when that fails.
  storage::pg_connection connect() const;

 private:
  std::string name_;
  std::string url_;
};

/// `url` with its database name replaced by `database` (URI or key=value form).
std::string with_database(const std::string& url, const std::string& database);

}  // namespace centralita::testkit
