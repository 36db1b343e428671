#pragma once
// Single values read from a test database, and the fixture most database tests start from: a
// seeded throwaway database with the ids of its two tenants.

#include <chrono>
#include <cstdint>
#include <string>

#include "storage/pg.hpp"
#include "tests/support/test_database.hpp"

namespace centralita::testkit {

/// Runs a query that returns one value and gives it as text ("" when there is no row);
/// throws std::runtime_error when the query fails.
std::string query_value(storage::pg_connection& db, const std::string& sql);

/// Polls until `sql` returns `want` or `timeout` passes; returns the last value.
std::string wait_for_value(storage::pg_connection& db, const std::string& sql,
                           const std::string& want,
                           std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// Waits until the event bus has stored one live event of `type` whose frame matches `where`
/// (SQL on live_events, e.g. "data->>'id' = '7'"); true when it came in time.
bool wait_live_event(storage::pg_connection& db, const std::string& type, const std::string& where);

/// The lowest id of `table` in tenant `slug`, as text ("" when it has none).
std::string first_id(storage::pg_connection& db, const std::string& table, const std::string& slug);

/// The id of the tenant `slug`; throws std::runtime_error when there is none.
int64_t tenant_id(storage::pg_connection& db, const std::string& slug);

/// A seeded throwaway database, a connection to it, and the ids of the seed's two tenants.
struct db_fixture {
  test_database tdb{db_contents::seeded};
  storage::pg_connection db = tdb.connect();
  int64_t demo = tenant_id(db, "demo");    ///< Tienda Demo
  int64_t admin = tenant_id(db, "admin");  ///< the other tenant
};

}  // namespace centralita::testkit
