#include "bench/soak_probe.hpp"

#include <dirent.h>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace centralita::bench {

std::optional<int64_t> process_rss_kib(int pid) {
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(status, line)) {
    long long kib = 0;
    if (std::sscanf(line.c_str(), "VmRSS: %lld kB", &kib) == 1) return kib;
  }
  return std::nullopt;
}

std::optional<int64_t> process_open_files(int pid) {
  DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (dir == nullptr) return std::nullopt;
  int64_t n = 0;
  while (const dirent* e = readdir(dir)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) ++n;
  }
  closedir(dir);
  return n;
}

// Client backends only: autovacuum workers and the like also carry the database's name, and
// come and go with the write load rather than with the server's pools.
std::optional<int64_t> database_connections(storage::pg_connection& db) {
  auto r = db.exec(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
      "AND backend_type = 'client backend'");
  if (!r) return std::nullopt;
  return r->i64(0, 0);
}

}  // namespace centralita::bench
