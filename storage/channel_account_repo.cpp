#include "storage/channel_account_repo.hpp"

#include <cstdlib>

namespace centralita::storage {

namespace {

constexpr const char* list_all_sql =
    "SELECT id, tenant_id, provider, name, account_key, webhook_secret, rate_per_s, status, "
    "config::text, verify_token "
    "FROM channel_accounts ORDER BY id";
constexpr const char* find_by_key_sql =
    "SELECT id, tenant_id, provider, name, account_key, webhook_secret, rate_per_s, status, "
    "config::text, verify_token "
    "FROM channel_accounts WHERE account_key = $1";
constexpr const char* find_sql =
    "SELECT id, tenant_id, provider, name, account_key, webhook_secret, rate_per_s, status, "
    "config::text, verify_token "
    "FROM channel_accounts WHERE tenant_id = $1 AND id = $2";
constexpr const char* list_by_tenant_sql =
    "SELECT id, tenant_id, provider, name, account_key, webhook_secret, rate_per_s, status, "
    "config::text, verify_token "
    "FROM channel_accounts WHERE tenant_id = $1 ORDER BY id";

channel_account read_account(const pg_result& r, int row) {
  channel_account a;
  a.id = r.i64(row, 0);
  a.tenant_id = r.i64(row, 1);
  a.provider = r.str(row, 2);
  a.name = r.str(row, 3);
  a.account_key = r.str(row, 4);
  if (!r.is_null(row, 5)) a.webhook_secret = r.str(row, 5);
  if (!r.is_null(row, 6)) a.rate_per_s = std::strtod(r.str(row, 6).c_str(), nullptr);
  a.status = r.str(row, 7);
  a.config_json = r.str(row, 8);
  if (!r.is_null(row, 9)) a.verify_token = r.str(row, 9);
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
  if (!r) return r.error();
  std::vector<channel_account> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(read_account(*r, i));
  return out;
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

result<std::vector<channel_account>> channel_account_repo::list_by_tenant(int64_t tenant_id) {
  return all_rows(db_.exec(list_by_tenant_sql, {std::to_string(tenant_id)}));
}

}  // namespace centralita::storage
