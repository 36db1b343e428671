#pragma once
// What a bench run cost the machine: CPU of the whole machine (/proc/stat), CPU of the server's
// processes (the Centralita nodes and the PostgreSQL cluster, from /proc/PID/stat), and the WAL
// PostgreSQL wrote (pg_stat_wal). Read once before the load and once after processing settled;
// the differences divided by the messages processed are the run's cost per message.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace centralita::bench {

struct cost_reading {
  double machine_busy_s = 0;         ///< every core's non-idle time since boot
  std::map<int, double> node_s;      ///< utime+stime of each Centralita process
  std::map<int, double> postgres_s;  ///< utime+stime of each PostgreSQL process
  int64_t wal_records = 0;
  int64_t wal_bytes = 0;
};

/// The cost of the run between two readings.
struct run_cost {
  double machine_cpu_s = 0;
  double node_cpu_s = 0;      ///< the Centralita processes
  double postgres_cpu_s = 0;  ///< the PostgreSQL cluster's processes
  int64_t wal_records = 0;
  int64_t wal_bytes = 0;
};

class cost_meter {
 public:
  /// `node_pids`: the Centralita processes to watch; empty watches every process named
  /// `centralita`. The PostgreSQL processes are those of the cluster behind `database_url`.
  cost_meter(std::string database_url, std::vector<int> node_pids);

  cost_reading read() const;
  static run_cost between(const cost_reading& before, const cost_reading& after);

 private:
  std::vector<int> node_pids() const;
  std::vector<int> postgres_pids() const;

  std::string database_url_;
  std::vector<int> node_pids_;
  int postmaster_pid_ = 0;
};

}  // namespace centralita::bench
