#include "tests/support/pg_cluster.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "tests/support/test_env.hpp"

namespace centralita::testkit {

namespace fs = std::filesystem;

void run_command(const std::string& binary, const std::vector<std::string>& args,
                 const environment_vars& env, const std::string& log) {
  child_process p{binary, args, env, log};
  auto status = p.wait_for(std::chrono::seconds(90));
  if (!status) p.stop();
  if (status != 0) {
    throw std::runtime_error(binary + " " + (args.empty() ? "" : args.at(0)) + " failed (status " +
                             std::to_string(status.value_or(-1)) + "):\n" + p.log());
  }
}

std::vector<pid_t> cluster_processes(const std::string& data_dir) {
  std::ifstream pid_file{data_dir + "/postmaster.pid"};
  long postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) return {};
  std::vector<pid_t> out{static_cast<pid_t>(postmaster)};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{"/proc", ec}) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        }))
      continue;
    std::ifstream stat{entry.path() / "stat"};
    std::string line;
    if (!std::getline(stat, line)) continue;
    // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    long parent = 0;
    std::istringstream rest{line.substr(close + 1)};
    if (rest >> state >> parent && parent == postmaster) out.push_back(std::stoi(name));
  }
  return out;
}

local_cluster::local_cluster() : port_(free_port()) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string{(tmp != nullptr && *tmp != '\0') ? tmp : "/tmp"} + "/centralita-pg-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  try {
    // As root, pg.sh runs PostgreSQL as the postgres user, which must reach root_/data.
    ::chmod(root_.c_str(), 0755);
    start();
    create_database("centralita");
  } catch (...) {
    remove();
    throw;
  }
}

local_cluster::~local_cluster() { remove(); }

void local_cluster::start() { pg_sh({"start", root_ + "/data", std::to_string(port_)}); }

void local_cluster::stop() { pg_sh({"stop", root_ + "/data"}); }

void local_cluster::pause() {
  // The postmaster first, so that it forks no new backend while the others are being frozen.
  for (pid_t pid : cluster_processes(root_ + "/data")) {
    if (::kill(pid, SIGSTOP) == 0) paused_.push_back(pid);
  }
  if (paused_.empty()) throw std::runtime_error("no process of the cluster to pause");
}

void local_cluster::resume() {
  for (auto it = paused_.rbegin(); it != paused_.rend(); ++it) ::kill(*it, SIGCONT);
  paused_.clear();
}

std::string local_cluster::url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

void local_cluster::create_database(const std::string& name) {
  pg_sh({"createdb", std::to_string(port_), name});
}

void local_cluster::migrate_and_seed() {
  for (const char* command : {"migrate", "seed"}) {
    run_command(server_binary(), {command},
                {{"DATABASE_URL", url()},
                 {"JWT_SECRET", "test_secret_0123456789abcdef"},
                 {"CENTRALITA_SECRET_KEY", test_secret_key}},
                log_path(command));
  }
}

void local_cluster::pg_sh(const std::vector<std::string>& args) {
  run_command(std::string{CENTRALITA_SOURCE_DIR} + "/scripts/pg.sh", args, {},
              log_path("pg-" + args.at(0) + "-" + std::to_string(++runs_)));
}

void local_cluster::remove() {
  // A frozen postmaster would never finish a shutdown.
  resume();
  try {
    stop();
  } catch (const std::exception& e) {
    std::cerr << "could not stop the test cluster in " << root_ << ": " << e.what() << "\n";
  }
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

}  // namespace centralita::testkit
