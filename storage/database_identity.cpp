#include "storage/database_identity.hpp"

namespace centralita::storage {

namespace {
constexpr const char* identity_sql =
    "SELECT (SELECT system_identifier::text FROM pg_control_system()),"
    " (SELECT oid::text FROM pg_database WHERE datname = current_database()),"
    " (SELECT installation_id::text FROM installation)";
}  // namespace

result<database_identity> read_database_identity(pg_connection& db) {
  auto r = db.exec(identity_sql);
  if (!r) return r.error();
  if (r->rows() != 1 || r->is_null(0, 0) || r->is_null(0, 1) || r->is_null(0, 2)) {
    return make_error(errc::not_found, "the database has no complete identity", "no_identity");
  }
  return database_identity{r->str(0, 0), r->str(0, 1), r->str(0, 2)};
}

}  // namespace centralita::storage
