#include "storage/customer_repo.hpp"

#include <algorithm>

#include "common/json_text.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

#define CUSTOMER_COLUMNS                                                                    \
  "id, tenant_id, phone, name, email, language, rfc3339(created_at), rfc3339(updated_at), " \
  "notes, attributes::text, merged_into_id "

constexpr const char* find_sql =
    "SELECT " CUSTOMER_COLUMNS "FROM customers WHERE tenant_id = $1 AND id = $2";
constexpr const char* find_by_phone_sql =
    "SELECT " CUSTOMER_COLUMNS "FROM customers WHERE tenant_id = $1 AND phone = $2";
constexpr const char* lock_sql =
    "SELECT " CUSTOMER_COLUMNS
    "FROM customers WHERE tenant_id = $1 AND id = $2 AND merged_into_id IS NULL FOR UPDATE";
// The wildcards of LIKE are escaped so that `q` matches literally.
constexpr const char* list_sql =
    "SELECT " CUSTOMER_COLUMNS
    "FROM customers WHERE tenant_id = $1 AND merged_into_id IS NULL "
    "AND ($2::bigint IS NULL OR id < $2) "
    "AND ($4 = '' OR name ILIKE '%' || $4 || '%' OR email ILIKE '%' || $4 || '%' "
    "     OR ($5 <> '' AND phone LIKE '%' || $5 || '%')) "
    "ORDER BY id DESC LIMIT $3";
constexpr const char* update_sql =
    "UPDATE customers SET name = $3, email = $4, notes = $5, attributes = $6::jsonb, "
    "updated_at = now() WHERE tenant_id = $1 AND id = $2";

#undef CUSTOMER_COLUMNS

customer read_customer(const pg_result& r, int row) {
  customer c;
  read_columns(r, row, c.id, c.tenant_id, c.phone, c.name, c.email, c.language, c.created_at,
               c.updated_at, c.notes, c.attributes_json, c.merged_into_id);
  return c;
}

result<customer> first_or_not_found(result<pg_result> r) {
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such customer", "customer_not_found");
  return read_customer(*r, 0);
}

std::string like_escaped(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

}  // namespace

std::string customer_audit_json(const customer& c) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json_string(*v) : "null"; };
  return "{\"id\":" + std::to_string(c.id) + ",\"phone\":" + json_string(c.phone) +
         ",\"name\":" + json_string(c.name) + ",\"email\":" + opt(c.email) +
         ",\"language\":" + opt(c.language) + ",\"notes\":" + json_string(c.notes) +
         ",\"attributes\":" + c.attributes_json +
         ",\"merged_into_id\":" + (c.merged_into_id ? std::to_string(*c.merged_into_id) : "null") +
         "}";
}

result<customer> customer_repo::find(int64_t tenant_id, int64_t id) {
  return first_or_not_found(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}));
}

result<customer> customer_repo::find_by_phone(int64_t tenant_id, std::string_view phone) {
  return first_or_not_found(
      db_.exec(find_by_phone_sql, {std::to_string(tenant_id), std::string{phone}}));
}

result<std::vector<customer>> customer_repo::list(int64_t tenant_id, int limit,
                                                  std::optional<int64_t> before_id,
                                                  std::string_view query) {
  limit = std::clamp(limit, 1, 500);
  param before;
  if (before_id) before = std::to_string(*before_id);
  std::string digits;
  for (char ch : query) {
    if (ch >= '0' && ch <= '9') digits += ch;
  }
  return read_rows(db_.exec(list_sql, {std::to_string(tenant_id), before, std::to_string(limit),
                                       like_escaped(query), digits}),
                   read_customer);
}

result<customer> customer_repo::update(int64_t tenant_id, int64_t id, const actor& who,
                                       const customer_patch& patch) {
  return in_transaction(db_, [&]() -> result<customer> {
    const std::string tid = std::to_string(tenant_id);
    auto before = first_or_not_found(db_.exec(lock_sql, {tid, std::to_string(id)}));
    if (!before) return before.error();
    customer after = *before;
    if (patch.name) after.name = *patch.name;
    if (patch.email) after.email = patch.email->empty() ? std::nullopt : patch.email;
    if (patch.notes) after.notes = *patch.notes;
    if (patch.attributes_json) after.attributes_json = *patch.attributes_json;
    auto u = db_.exec(update_sql, {tid, std::to_string(id), after.name, after.email, after.notes,
                                   after.attributes_json});
    if (!u) return u.error();
    auto changed = find(tenant_id, id);
    if (!changed) return changed.error();
    audit_entry entry{tenant_id,
                      who,
                      "customer",
                      std::to_string(id),
                      "customer.updated",
                      customer_audit_json(*before),
                      customer_audit_json(*changed)};
    if (auto s = audit_repo{db_}.append(entry); !s) return s.error();
    return changed;
  });
}

}  // namespace centralita::storage
