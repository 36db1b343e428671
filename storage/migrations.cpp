#include "storage/migrations.hpp"

#include <set>

#include "common/log.hpp"

namespace centralita::storage {

namespace {
constexpr const char* create_table_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* applied_sql = "SELECT name FROM schema_migrations";
constexpr const char* record_sql = "INSERT INTO schema_migrations (name) VALUES ($1)";
// Any constant shared by every Centralita process that migrates.
constexpr const char* lock_sql = "SELECT pg_advisory_lock(4242001)";
constexpr const char* unlock_sql = "SELECT pg_advisory_unlock(4242001)";
}  // namespace

result<int> migrate(pg_connection& db) {
  if (auto r = db.exec(lock_sql); !r) return r.error();
  auto run = [&]() -> result<int> {
    if (auto s = db.exec_script(create_table_sql); !s) return s.error();
    auto done = db.exec(applied_sql);
    if (!done) return done.error();
    std::set<std::string> applied;
    for (int i = 0; i < done->rows(); ++i) applied.insert(done->str(i, 0));
    int count = 0;
    for (const auto& m : all_migrations()) {
      if (applied.count(m.name)) continue;
      auto s = in_transaction(db, [&]() -> status {
        if (auto r = db.exec_script(m.sql); !r) {
          return make_error(r.error().code, m.name + ": " + r.error().message);
        }
        if (auto r = db.exec(record_sql, {m.name}); !r) return r.error();
        return ok_status();
      });
      if (!s) return s.error();
      log::info("storage: applied migration {}", m.name);
      ++count;
    }
    return count;
  };
  auto out = run();
  (void)db.exec(unlock_sql);
  return out;
}

}  // namespace centralita::storage
