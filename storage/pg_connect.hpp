#pragma once
// Opening a libpq connection the one way the project does: the URL with the connect timeout and
// TCP keepalives every connection uses, named for pg_stat_activity.

#include <libpq-fe.h>

#include <string>

namespace centralita::storage {

/// A new connection to `url` named `application_name` (null only when out of memory); the caller
/// checks PQstatus and owns it (PQfinish).
PGconn* connect_pg(const std::string& url, const char* application_name);

}  // namespace centralita::storage
