#include "tests/support/test_database.hpp"

#include <signal.h>  // NOLINT(modernize-deprecated-headers): kill() is POSIX, not in <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "storage/migrations.hpp"
#include "storage/seed.hpp"
#include "tests/support/test_env.hpp"

namespace centralita::testkit {

namespace {

// Database names cannot be statement parameters; every name used in DDL here is built from
// [a-z0-9_] only and checked again before use, so quoting it is enough.
constexpr const char* quiet_sql = "SET client_min_messages = warning";
constexpr const char* exists_sql = "SELECT 1 FROM pg_database WHERE datname = $1";
constexpr const char* like_sql = "SELECT datname FROM pg_database WHERE datname ~ $1";
// Every test process of every binary takes this lock (scoped to the admin database) around
// template work and copies: a template is never copied while it is built, renamed or dropped.
constexpr const char* lock_sql = "SELECT pg_advisory_lock(4242003)";
constexpr const char* unlock_sql = "SELECT pg_advisory_unlock(4242003)";

std::string checked_identifier(const std::string& name) {
  if (name.empty() || name.size() > 63) throw std::runtime_error("bad database name: " + name);
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
      throw std::runtime_error("bad database name: " + name);
    }
  }
  return "\"" + name + "\"";
}

storage::pg_connection open_or_throw(const std::string& url) {
  auto c = storage::pg_connection::open(url);
  if (!c) throw std::runtime_error("test database: " + c.error().message);
  return std::move(c).value();
}

storage::pg_connection open_admin() {
  auto admin = open_or_throw(admin_database_url());
  (void)admin.exec(quiet_sql);  // only silences NOTICEs of IF EXISTS
  return admin;
}

void exec_or_throw(storage::pg_connection& db, const std::string& sql) {
  if (auto s = db.exec_script(sql); !s) {
    throw std::runtime_error("test database: " + s.error().message);
  }
}

bool database_exists(storage::pg_connection& admin, const std::string& name) {
  auto r = admin.exec(exists_sql, {name});
  if (!r) throw std::runtime_error("test database: " + r.error().message);
  return r->rows() > 0;
}

std::vector<std::string> databases_matching(storage::pg_connection& admin,
                                            const std::string& regex) {
  std::vector<std::string> out;
  auto r = admin.exec(like_sql, {regex});
  if (!r) return out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->str(i, 0));
  return out;
}

void drop_database(storage::pg_connection& admin, const std::string& name) {
  exec_or_throw(admin, "DROP DATABASE IF EXISTS " + checked_identifier(name) + " WITH (FORCE)");
}

std::string hex32(uint64_t h) {
  std::array<char, 9> buf{};
  std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>((h >> 32) ^ h));
  return buf.data();
}

uint64_t fnv1a(std::string_view bytes, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ULL;
  return h;
}

/// Names the templates of this build of this binary: `<binary>_<build>`. The build part
/// changes with every relink (size and mtime of the executable) and every migration text, so
/// a persistent cluster never hands out a template made by older code.
struct template_key {
  std::string binary;
  std::string build;
};

template_key current_key() {
  struct stat st {};
  std::string id;
  if (::stat("/proc/self/exe", &st) == 0) {
    id = std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
  } else {
    id = "pid" + std::to_string(::getpid());
  }
  std::array<char, 4096> path{};
  const auto n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  const std::string exe = n > 0 ? std::string(path.data(), static_cast<size_t>(n)) : id;
  uint64_t build = fnv1a(id);
  for (const auto& m : storage::all_migrations()) build = fnv1a(m.sql, fnv1a(m.name, build));
  return {hex32(fnv1a(exe)), hex32(build)};
}

// Databases left by test processes that died (killed, crashed) on this host: their names
// carry the pid, so those of pids no longer alive are dropped.
void drop_stale_databases(storage::pg_connection& admin) {
  for (const auto& name : databases_matching(admin, "^ctest_[0-9]+_")) {
    const long pid = std::strtol(name.c_str() + 6, nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    drop_database(admin, name);
  }
}

// The connection is closed before returning: a database with a session open cannot be copied.
void fill(db_contents contents, const std::string& url) {
  auto db = open_or_throw(url);
  if (auto n = storage::migrate(db); !n) {
    throw std::runtime_error("test database: migrate: " + n.error().message);
  }
  if (contents == db_contents::seeded) {
    if (auto s = storage::seed_demo(db, config::settings{}, test_keyring()); !s) {
      throw std::runtime_error("test database: seed: " + s.error().message);
    }
  }
}

/// Makes sure the template for `contents` exists (building it under a temporary name and
/// renaming it when complete, so a crash never leaves a half-made template), and returns it.
/// Called with the advisory lock held.
std::string ensure_template(storage::pg_connection& admin, db_contents contents) {
  static const template_key key = current_key();
  const std::string kind = contents == db_contents::seeded ? "seeded" : "migrated";
  std::string name = "ctpl_" + key.binary + "_" + key.build + "_" + kind;
  if (database_exists(admin, name)) return name;
  // Older builds' templates of this binary are of no use any more.
  for (const auto& old : databases_matching(admin, "^ctpl_" + key.binary + "_[0-9a-f]+_" + kind)) {
    drop_database(admin, old);
  }
  const std::string building = "ctbuild_" + key.binary + "_" + key.build + "_" + kind;
  drop_database(admin, building);
  exec_or_throw(admin, "CREATE DATABASE " + checked_identifier(building));
  try {
    fill(contents, with_database(admin_database_url(), building));
  } catch (...) {
    drop_database(admin, building);
    throw;
  }
  exec_or_throw(admin, "ALTER DATABASE " + checked_identifier(building) + " RENAME TO " +
                           checked_identifier(name));
  return name;
}

void create_database(const std::string& target, db_contents contents) {
  static std::once_flag swept;
  auto admin = open_admin();
  std::call_once(swept, [&] { drop_stale_databases(admin); });
  if (contents == db_contents::empty) {
    exec_or_throw(admin, "CREATE DATABASE " + checked_identifier(target));
    return;
  }
  if (auto r = admin.exec(lock_sql); !r) throw std::runtime_error(r.error().message);
  try {
    const auto tpl = ensure_template(admin, contents);
    exec_or_throw(admin, "CREATE DATABASE " + checked_identifier(target) + " TEMPLATE " +
                             checked_identifier(tpl));
  } catch (...) {
    (void)admin.exec(unlock_sql);
    throw;
  }
  (void)admin.exec(unlock_sql);
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  static const std::string nonce = [] {
    std::random_device rd;
    const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 6; ++i) out += hex[rd() % 16];
    return out;
  }();
  return "ctest_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + nonce;
}

}  // namespace

std::string with_database(const std::string& url, const std::string& database) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + database;
  const auto query = url.find('?', scheme + 3);
  const auto authority_end = std::min(url.find('/', scheme + 3), query);
  if (authority_end == std::string::npos) return url + "/" + database;
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, authority_end) + "/" + database + rest;
}

test_database::test_database(db_contents contents)
    : name_(unique_name()), url_(with_database(admin_database_url(), name_)) {
  create_database(name_, contents);
}

test_database::~test_database() {
  try {
    auto admin = open_admin();
    drop_database(admin, name_);
  } catch (const std::exception&) {
    // A destructor must not throw; a leftover is removed by a later run's stale sweep.
  }
}

storage::pg_connection test_database::connect() const { return open_or_throw(url_); }

}  // namespace centralita::testkit
