#include "bench/cost_meter.hpp"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "storage/pg.hpp"

namespace centralita::bench {

namespace {

double ticks_per_second() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

// The first line of /proc/stat: user nice system idle iowait irq softirq steal ...
double machine_busy_s() {
  std::ifstream in{"/proc/stat"};
  std::string cpu;
  long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return static_cast<double>(user + nice + system + irq + softirq + steal) / ticks_per_second();
}

struct proc_stat {
  std::string comm;
  int ppid = 0;
  double cpu_s = 0;
};

// /proc/PID/stat: "pid (comm) state ppid ... utime(14) stime(15)"; comm may hold spaces.
bool read_proc(int pid, proc_stat& out) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string line;
  if (!std::getline(in, line)) return false;
  auto open = line.find('(');
  auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  out.comm = line.substr(open + 1, close - open - 1);
  std::istringstream rest{line.substr(close + 2)};
  std::string state;
  rest >> state >> out.ppid;
  std::string skip;
  for (int field = 5; field < 14; ++field) rest >> skip;
  long long utime = 0, stime = 0;
  rest >> utime >> stime;
  out.cpu_s = static_cast<double>(utime + stime) / ticks_per_second();
  return true;
}

std::vector<int> all_pids() {
  std::vector<int> pids;
  if (DIR* dir = opendir("/proc")) {
    while (dirent* e = readdir(dir)) {
      if (int pid = std::atoi(e->d_name); pid > 0) pids.push_back(pid);
    }
    closedir(dir);
  }
  return pids;
}

// The postmaster's pid is the first line of postmaster.pid in the data directory.
int find_postmaster(storage::pg_connection& db) {
  auto r = db.exec("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
  if (!r || r->rows() == 0) return 0;
  std::ifstream in{r->str(0, 0) + "/postmaster.pid"};
  int pid = 0;
  in >> pid;
  return pid;
}

}  // namespace

cost_meter::cost_meter(std::string database_url, std::vector<int> node_pids)
    : database_url_(std::move(database_url)), node_pids_(std::move(node_pids)) {
  if (auto db = storage::pg_connection::open(database_url_)) {
    postmaster_pid_ = find_postmaster(*db);
  }
  if (postmaster_pid_ == 0) {
    std::fprintf(stderr,
                 "cost: PostgreSQL's processes not found (not local?): server CPU is "
                 "the nodes' only\n");
  }
}

std::vector<int> cost_meter::node_pids() const {
  if (!node_pids_.empty()) return node_pids_;
  std::vector<int> out;
  for (int pid : all_pids()) {
    proc_stat p;
    if (read_proc(pid, p) && p.comm == "centralita") out.push_back(pid);
  }
  return out;
}

std::vector<int> cost_meter::postgres_pids() const {
  std::vector<int> out;
  if (postmaster_pid_ == 0) return out;
  for (int pid : all_pids()) {
    proc_stat p;
    if (read_proc(pid, p) && (pid == postmaster_pid_ || p.ppid == postmaster_pid_)) {
      out.push_back(pid);
    }
  }
  return out;
}

cost_reading cost_meter::read() const {
  cost_reading out;
  out.machine_busy_s = machine_busy_s();
  auto sample = [](const std::vector<int>& pids, std::map<int, double>& into) {
    for (int pid : pids) {
      proc_stat p;
      if (read_proc(pid, p)) into[pid] = p.cpu_s;
    }
  };
  sample(node_pids(), out.node_s);
  sample(postgres_pids(), out.postgres_s);
  if (auto db = storage::pg_connection::open(database_url_)) {
    if (auto r = db->exec("SELECT wal_records, wal_bytes FROM pg_stat_wal"); r && r->rows() > 0) {
      out.wal_records = r->i64(0, 0);
      out.wal_bytes = r->i64(0, 1);
    }
  }
  return out;
}

run_cost cost_meter::between(const cost_reading& before, const cost_reading& after) {
  run_cost out;
  out.machine_cpu_s = after.machine_busy_s - before.machine_busy_s;
  // A process that started during the run (a new backend) counts from zero.
  auto spent = [](const std::map<int, double>& from, const std::map<int, double>& to) {
    double s = 0;
    for (const auto& [pid, cpu_s] : to) {
      auto it = from.find(pid);
      s += cpu_s - (it == from.end() ? 0.0 : it->second);
    }
    return s;
  };
  out.node_cpu_s = spent(before.node_s, after.node_s);
  out.postgres_cpu_s = spent(before.postgres_s, after.postgres_s);
  out.wal_records = after.wal_records - before.wal_records;
  out.wal_bytes = after.wal_bytes - before.wal_bytes;
  return out;
}

}  // namespace centralita::bench
