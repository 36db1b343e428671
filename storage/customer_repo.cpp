#include "storage/customer_repo.hpp"

#include <algorithm>

namespace centralita::storage {

namespace {

constexpr const char* find_sql =
    "SELECT id, tenant_id, phone, name, email, language, rfc3339(created_at), rfc3339(updated_at) "
    "FROM customers WHERE tenant_id = $1 AND id = $2";
constexpr const char* find_by_phone_sql =
    "SELECT id, tenant_id, phone, name, email, language, rfc3339(created_at), rfc3339(updated_at) "
    "FROM customers WHERE tenant_id = $1 AND phone = $2";
constexpr const char* list_sql =
    "SELECT id, tenant_id, phone, name, email, language, rfc3339(created_at), rfc3339(updated_at) "
    "FROM customers WHERE tenant_id = $1 AND ($2::bigint IS NULL OR id < $2) "
    "ORDER BY id DESC LIMIT $3";

std::optional<std::string> optional_text(const pg_result& r, int row, int col) {
  if (r.is_null(row, col)) return std::nullopt;
  return r.str(row, col);
}

customer read_customer(const pg_result& r, int row) {
  return customer{r.i64(row, 0),
                  r.i64(row, 1),
                  r.str(row, 2),
                  r.str(row, 3),
                  optional_text(r, row, 4),
                  optional_text(r, row, 5),
                  r.str(row, 6),
                  r.str(row, 7)};
}

result<customer> first_or_not_found(result<pg_result> r) {
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such customer", "customer_not_found");
  return read_customer(*r, 0);
}

}  // namespace

result<customer> customer_repo::find(int64_t tenant_id, int64_t id) {
  return first_or_not_found(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}));
}

result<customer> customer_repo::find_by_phone(int64_t tenant_id, std::string_view phone) {
  return first_or_not_found(
      db_.exec(find_by_phone_sql, {std::to_string(tenant_id), std::string{phone}}));
}

result<std::vector<customer>> customer_repo::list(int64_t tenant_id, int limit,
                                                  std::optional<int64_t> before_id) {
  limit = std::clamp(limit, 1, 500);
  param before;
  if (before_id) before = std::to_string(*before_id);
  auto r = db_.exec(list_sql, {std::to_string(tenant_id), before, std::to_string(limit)});
  if (!r) return r.error();
  std::vector<customer> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(read_customer(*r, i));
  return out;
}

}  // namespace centralita::storage
