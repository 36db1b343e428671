#pragma once
// The filter and the page every read-only record list shares (calls, shipments, invoices,
// quotes): newest first, keyset paging on the id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/pg.hpp"

namespace centralita::storage {

/// Which records of a tenant to list.
struct record_filter {
  std::optional<int64_t> customer_id;
  std::string status;                ///< empty: any
  std::string query;                 ///< a substring of the record's searchable text; empty: any
  std::optional<int64_t> before_id;  ///< the cursor: ids below it
  int limit = 50;
};

/// One page, and the cursor of the next when there is one.
template <class Row>
struct record_page {
  std::vector<Row> items;
  std::optional<int64_t> next_before_id;
};

/// `text` for a LIKE pattern: % and _ are wildcards there, and a search for "50%" must match
/// the text "50%".
inline std::string escape_like(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

/// The filter's statement parameters after the tenant: customer, status, cursor, limit + 1
/// (one more than asked, to know whether a next page exists), the LIKE-escaped query.
inline std::vector<param> filter_params(int64_t tenant_id, const record_filter& f) {
  auto opt = [](const std::optional<int64_t>& v) -> param {
    if (!v) return std::nullopt;
    return std::to_string(*v);
  };
  return {std::to_string(tenant_id), opt(f.customer_id),          f.status,
          opt(f.before_id),          std::to_string(f.limit + 1), escape_like(f.query)};
}

/// Trims the extra row and sets the next cursor from the last item kept.
template <class Row>
void finish_page(record_page<Row>& page, int limit) {
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<size_t>(limit));
    page.next_before_id = page.items.back().id;
  }
}

/// A nullable text column.
inline std::optional<std::string> nullable_text(const pg_result& r, int row, int col) {
  if (r.is_null(row, col)) return std::nullopt;
  return r.str(row, col);
}

/// A nullable integer column.
inline std::optional<int64_t> nullable_int(const pg_result& r, int row, int col) {
  if (r.is_null(row, col)) return std::nullopt;
  return r.i64(row, col);
}

}  // namespace centralita::storage

/// The WHERE clause of a filtered list: $1 tenant, $2 customer, $3 status, $4 cursor, $6 the
/// query, matched (any case) in the SQL text expression `searched` or the customer's name.
#define CENTRALITA_RECORD_WHERE(searched)                                                 \
  " WHERE tenant_id = $1 AND ($2::bigint IS NULL OR customer_id = $2::bigint)"            \
  " AND ($3::text = '' OR status = $3::text) AND ($4::bigint IS NULL OR id < $4::bigint)" \
  " AND ($6::text = '' OR concat_ws(' ', " searched                                       \
  ", (SELECT cu.name FROM customers cu"                                                   \
  " WHERE cu.tenant_id = $1 AND cu.id = customer_id)) ILIKE '%' || $6::text || '%')"      \
  " ORDER BY id DESC LIMIT $5"
