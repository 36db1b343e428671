#pragma once
// What `soak` samples outside its own requests: the server process's resident memory and open
// files (from /proc) and the database's client connections.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/pg.hpp"

namespace centralita::bench {

/// Resident memory of process `pid` in KiB (VmRSS); nothing when it can't be read.
std::optional<int64_t> process_rss_kib(int pid);

/// Open file descriptors of process `pid`; nothing when /proc/<pid>/fd can't be listed.
std::optional<int64_t> process_open_files(int pid);

/// Client connections to the database `db` is connected to, its own included; nothing on error.
std::optional<int64_t> database_connections(storage::pg_connection& db);

}  // namespace centralita::bench
