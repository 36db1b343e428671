#pragma once
// A PostgreSQL cluster of a test's own (scripts/pg.sh), for the tests that stop, pause or
// replace the database under a running server, which the shared test server must never see.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace centralita::testkit {

/// Runs a command to its end (at most 90 s) with its output in `log`; throws with that output
/// when it fails or does not finish.
void run_command(const std::string& binary, const std::vector<std::string>& args,
                 const environment_vars& env, const std::string& log);

/// A PostgreSQL cluster in a fresh temporary directory, on a free port, with an empty database
/// `centralita`. Stopped and deleted when the object goes away, also after a failure (resumed
/// first when it was paused).
class local_cluster {
 public:
  /// Creates and starts the cluster; throws std::runtime_error when it can't.
  local_cluster();
  ~local_cluster();
  local_cluster(const local_cluster&) = delete;
  local_cluster& operator=(const local_cluster&) = delete;

  /// Starts the cluster (a no-op when it runs).
  void start();
  /// Stops it with a fast shutdown (a no-op when it is stopped).
  void stop();
  /// Freezes every process of the cluster with SIGSTOP: connections stay open and nothing
  /// answers, as with a database host that hangs.
  void pause();
  /// Lets the processes frozen by pause() go on (SIGCONT); a no-op when none is frozen.
  void resume();

  /// The URL of database `centralita` (or `database`).
  std::string url(const std::string& database = "centralita") const;
  /// Creates database `name` unless it exists.
  void create_database(const std::string& name);
  /// Runs `centralita migrate` and `centralita seed` on url().
  void migrate_and_seed();
  /// A log file's path inside the cluster's temporary directory.
  std::string log_path(const std::string& name) const { return root_ + "/" + name + ".log"; }
  /// The cluster's port.
  uint16_t port() const { return port_; }

 private:
  void pg_sh(const std::vector<std::string>& args);
  void remove();

  uint16_t port_;
  std::string root_;
  int runs_ = 0;
  std::vector<pid_t> paused_;
};

/// The postmaster of the cluster in `data_dir` (the first line of its postmaster.pid) and every
/// process whose parent it is; empty when the cluster does not run.
std::vector<pid_t> cluster_processes(const std::string& data_dir);

}  // namespace centralita::testkit
