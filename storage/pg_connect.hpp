#pragma once
// Opening a libpq connection the one way the project does: the URL with the connect timeout and
// TCP keepalives every connection uses, named for pg_stat_activity; and the command-line tools'
// way of opening one and saying why they could not.

#include <libpq-fe.h>

#include <optional>
#include <string>

#include "storage/pg.hpp"

namespace centralita::storage {

/// A new connection to `url` named `application_name` (null only when out of memory); the caller
/// checks PQstatus and owns it (PQfinish).
PGconn* connect_pg(const std::string& url, const char* application_name);

/// For a command-line tool: a connection to `url`, or none after writing `<who>: <why>` to
/// stderr.
std::optional<pg_connection> open_for_tool(const char* who, const std::string& url);

}  // namespace centralita::storage
