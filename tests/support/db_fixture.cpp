#include "tests/support/db_fixture.hpp"

#include <stdexcept>
#include <thread>

namespace centralita::testkit {

std::string query_value(storage::pg_connection& db, const std::string& sql) {
  auto r = db.exec(sql.c_str());
  if (!r) throw std::runtime_error("query failed: " + r.error().message);
  return r->rows() > 0 ? r->str(0, 0) : std::string{};
}

std::string wait_for_value(storage::pg_connection& db, const std::string& sql,
                           const std::string& want, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  std::string got;
  for (;;) {
    got = query_value(db, sql);
    if (got == want || std::chrono::steady_clock::now() > until) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool wait_live_event(storage::pg_connection& db, const std::string& type,
                     const std::string& where) {
  return wait_for_value(db,
                        "SELECT count(*) FROM live_events WHERE type = '" + type + "' AND " + where,
                        "1") == "1";
}

std::string first_id(storage::pg_connection& db, const std::string& table,
                     const std::string& slug) {
  return query_value(db, "SELECT min(id) FROM " + table +
                             " WHERE tenant_id = (SELECT id FROM tenants WHERE slug = '" + slug +
                             "')");
}

int64_t tenant_id(storage::pg_connection& db, const std::string& slug) {
  auto r = db.exec("SELECT id FROM tenants WHERE slug = $1", {slug});
  if (!r || r->rows() != 1) throw std::runtime_error("no tenant " + slug);
  return r->i64(0, 0);
}

}  // namespace centralita::testkit
