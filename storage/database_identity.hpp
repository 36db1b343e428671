#pragma once
// Which database this is, for files kept outside it that describe its contents (knowledge index
// snapshots): a file written for another database must not be taken for this one's.

#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// The identity of the database a connection is on. Each part catches a different way of
/// pointing a data directory at another database: another cluster (a restore elsewhere, a
/// second PostgreSQL on the machine), another database of the same cluster, or the same name
/// dropped and created again (migration 014 gives each database its own installation id).
struct database_identity {
  std::string system_identifier;  ///< pg_control_system(): the cluster, from initdb on
  std::string database_oid;       ///< pg_database.oid of the current database
  std::string installation_id;    ///< the uuid of the installation table

  bool operator==(const database_identity& o) const {
    return system_identifier == o.system_identifier && database_oid == o.database_oid &&
           installation_id == o.installation_id;
  }
  bool operator!=(const database_identity& o) const { return !(*this == o); }
};

/// Reads the identity of the connection's database; fails when a part cannot be read (a role
/// without access to pg_control_system(), a database not migrated to 014).
result<database_identity> read_database_identity(pg_connection& db);

}  // namespace centralita::storage
