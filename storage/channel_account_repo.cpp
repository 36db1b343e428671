#include "storage/channel_account_repo.hpp"

#include <cstdlib>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

#define ACCOUNT_COLUMNS                                                                     \
  "id, tenant_id, provider, name, account_key, rate_per_s, status, enabled, config::text, " \
  "coalesce(secrets, ''), secret_hints::text, coalesce(last_check::text, ''), "             \
  "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "              \
  "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "

constexpr const char* list_all_sql = "SELECT " ACCOUNT_COLUMNS "FROM channel_accounts ORDER BY id";
constexpr const char* find_by_key_sql =
    "SELECT " ACCOUNT_COLUMNS "FROM channel_accounts WHERE account_key = $1";
constexpr const char* find_sql =
    "SELECT " ACCOUNT_COLUMNS "FROM channel_accounts WHERE tenant_id = $1 AND id = $2";
constexpr const char* lock_sql =
    "SELECT " ACCOUNT_COLUMNS "FROM channel_accounts WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* list_by_tenant_sql =
    "SELECT " ACCOUNT_COLUMNS "FROM channel_accounts WHERE tenant_id = $1 ORDER BY id";
constexpr const char* insert_sql =
    "INSERT INTO channel_accounts (tenant_id, provider, name, account_key, rate_per_s, config, "
    " secrets, secret_hints) "
    "VALUES ($1, $2, $3, $4, $5::double precision, $6::jsonb, NULLIF($7, ''), $8::jsonb) "
    "RETURNING " ACCOUNT_COLUMNS;
constexpr const char* update_sql =
    "UPDATE channel_accounts SET name = $3, rate_per_s = $4::double precision, "
    " enabled = $5::boolean, config = $6::jsonb, secrets = NULLIF($7, ''), "
    " secret_hints = $8::jsonb, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 RETURNING " ACCOUNT_COLUMNS;
constexpr const char* record_check_sql =
    "UPDATE channel_accounts SET last_check = jsonb_build_object('ok', $3::boolean, "
    " 'message', $4::text, 'at', to_char(now() AT TIME ZONE 'UTC', "
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) "
    "WHERE tenant_id = $1 AND id = $2";

#undef ACCOUNT_COLUMNS

channel_account read_account(const pg_result& r, int row) {
  channel_account a;
  read_columns(r, row, a.id, a.tenant_id, a.provider, a.name, a.account_key, a.rate_per_s, a.status,
               a.enabled, a.config_json, a.secrets, a.secret_hints_json, a.last_check_json,
               a.created_at, a.updated_at);
  return a;
}

result<channel_account> first_or_not_found(result<pg_result> r) {
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such channel account", "channel_account_not_found");
  }
  return read_account(*r, 0);
}

result<std::vector<channel_account>> all_rows(result<pg_result> r) {
  return read_rows(r, read_account);
}

param rate(const std::optional<double>& r) {
  if (!r) return std::nullopt;
  return std::to_string(*r);
}

}  // namespace

result<std::vector<channel_account>> channel_account_repo::list_all() {
  return all_rows(db_.exec(list_all_sql));
}

result<channel_account> channel_account_repo::find_by_key(std::string_view account_key) {
  return first_or_not_found(db_.exec(find_by_key_sql, {std::string{account_key}}));
}

result<channel_account> channel_account_repo::find(int64_t tenant_id, int64_t id) {
  return first_or_not_found(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}));
}

result<channel_account> channel_account_repo::lock(int64_t tenant_id, int64_t id) {
  return first_or_not_found(db_.exec(lock_sql, {std::to_string(tenant_id), std::to_string(id)}));
}

result<std::vector<channel_account>> channel_account_repo::list_by_tenant(int64_t tenant_id) {
  return all_rows(db_.exec(list_by_tenant_sql, {std::to_string(tenant_id)}));
}

result<channel_account> channel_account_repo::create(const new_channel_account& a) {
  auto r =
      db_.exec(insert_sql, {std::to_string(a.tenant_id), a.provider, a.name, a.account_key,
                            rate(a.rate_per_s), a.config_json, a.secrets, a.secret_hints_json});
  if (!r && r.error().code == errc::conflict) {
    return make_error(errc::conflict, "account_key " + a.account_key + " is taken",
                      "account_key_taken");
  }
  return first_or_not_found(std::move(r));
}

result<channel_account> channel_account_repo::update(const channel_account& a) {
  return first_or_not_found(db_.exec(
      update_sql,
      {std::to_string(a.tenant_id), std::to_string(a.id), a.name, rate(a.rate_per_s),
       std::string{a.enabled ? "true" : "false"}, a.config_json, a.secrets, a.secret_hints_json}));
}

status channel_account_repo::record_check(int64_t tenant_id, int64_t id, bool ok,
                                          const std::string& message) {
  auto r = db_.exec(record_check_sql, {std::to_string(tenant_id), std::to_string(id),
                                       std::string{ok ? "true" : "false"}, message});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
