#include "storage/pg.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/log.hpp"
#include "storage/pg_connect.hpp"

namespace centralita::storage {

namespace {

std::string field_of(const PGresult* r, int code) {
  const char* v = r ? PQresultErrorField(r, code) : nullptr;
  return v ? v : "";
}

// Connection-level failures (server gone, restart) are "unavailable": callers answer 503 and
// retry; everything else about a statement is a bug or a constraint the caller must handle.
// PostgreSQL's own text may quote the statement's data (a batch holds many tenants' rows), so
// the error carries only the SQLSTATE and the constraint's name, and the log only the words
// of the message before any quoted value.
error statement_error(PGconn* c, const PGresult* r) {
  std::string sqlstate = field_of(r, PG_DIAG_SQLSTATE);
  if (PQstatus(c) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" ||
      sqlstate == "57P03" || sqlstate.empty()) {
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    log::warn("pg: database unavailable: {}", msg);
    return make_error(errc::unavailable, "database unavailable", "database_unavailable");
  }
  std::string constraint = field_of(r, PG_DIAG_CONSTRAINT_NAME);
  std::string primary = field_of(r, PG_DIAG_MESSAGE_PRIMARY);
  primary = primary.substr(0, primary.find_first_of(":\"(=\n"));
  log::warn("pg: statement failed: {} {}{}", sqlstate, primary,
            constraint.empty() ? "" : " (" + constraint + ")");
  std::string what = "database error " + sqlstate;
  if (!constraint.empty()) what += " on " + constraint;
  if (sqlstate == "23505") return make_error(errc::conflict, what, "unique_violation");
  return make_error(errc::internal, what, sqlstate);
}

// libpq reads each parameter up to its first NUL, which would cut an array literal in the
// middle of a batch; such a text never reaches the server.
std::optional<error> nul_in(const std::vector<param>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i] && std::memchr(params[i]->data(), '\0', params[i]->size()) != nullptr) {
      return make_error(errc::invalid_input,
                        "parameter " + std::to_string(i + 1) + " holds a NUL character",
                        "nul_in_text");
    }
  }
  return std::nullopt;
}

void append_quoted(std::string& out, const std::string& item) {
  out += '"';
  for (char ch : item) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '"';
}

}  // namespace

int64_t pg_result::i64(int row, int col) const {
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

int64_t pg_result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_quoted(out, items[i]);
  }
  out += '}';
  return out;
}

std::string nullable_text_array(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    if (items[i]) {
      append_quoted(out, *items[i]);
    } else {
      out += "NULL";
    }
  }
  out += '}';
  return out;
}

std::string int_array(const std::vector<int64_t>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(items[i]);
  }
  out += '}';
  return out;
}

PGconn* connect_pg(const std::string& url, const char* application_name) {
  const char* keys[] = {"dbname",
                        "connect_timeout",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "application_name",
                        nullptr};
  const char* values[] = {url.c_str(), "3", "10", "5", "3", application_name, nullptr};
  return PQconnectdbParams(keys, values, /*expand_dbname=*/1);
}

std::optional<pg_connection> open_for_tool(const char* who, const std::string& url) {
  auto db = pg_connection::open(url);
  if (!db) {
    std::fprintf(stderr, "%s: %s\n", who, db.error().message.c_str());
    return std::nullopt;
  }
  return std::move(*db);
}

result<pg_connection> pg_connection::open(const std::string& url) {
  PGconn* c = connect_pg(url, "centralita");
  pg_connection conn{c};
  if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    log::warn("pg: cannot connect: {}", msg);
    return make_error(errc::unavailable, "database unavailable", "database_unavailable");
  }
  return conn;
}

result<pg_result> pg_connection::exec(const char* sql, const std::vector<param>& params) {
  if (auto e = nul_in(params)) return *e;
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecParams(c_.get(), sql, static_cast<int>(params.size()), nullptr, values.data(),
                             nullptr, nullptr, 0);
  pg_result out{r};
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return statement_error(c_.get(), r);
  return out;
}

result<pg_result> pg_connection::exec_prepared(const char* name, const char* sql,
                                               const std::vector<param>& params) {
  if (auto e = nul_in(params)) return *e;
  if (prepared_.count(name) == 0) {
    pg_result prep{PQprepare(c_.get(), name, sql, static_cast<int>(params.size()), nullptr)};
    if (PQresultStatus(prep.raw()) != PGRES_COMMAND_OK)
      return statement_error(c_.get(), prep.raw());
    prepared_.insert(name);
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecPrepared(c_.get(), name, static_cast<int>(params.size()), values.data(),
                               nullptr, nullptr, 0);
  pg_result out{r};
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return statement_error(c_.get(), r);
  return out;
}

status pg_connection::exec_script(const std::string& sql) {
  PGresult* r = PQexec(c_.get(), sql.c_str());
  pg_result holder{r};
  auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return statement_error(c_.get(), r);
  return ok_status();
}

bool pg_connection::healthy() const { return PQstatus(c_.get()) == CONNECTION_OK; }

void pg_connection::rollback() {
  if (healthy()) PQclear(PQexec(c_.get(), "ROLLBACK"));
}

}  // namespace centralita::storage
