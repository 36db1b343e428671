#pragma once
// The filter and the page every read-only record list shares (calls, shipments, invoices,
// quotes): newest first, keyset paging on the id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/rows.hpp"

namespace centralita::storage {

/// Which records of a tenant to list.
struct record_filter {
  std::optional<int64_t> customer_id;
  std::string status;                ///< empty: any
  std::string query;                 ///< a substring of the record's searchable text; empty: any
  std::optional<int64_t> before_id;  ///< the cursor: ids below it
  int limit = 50;
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
  return {std::to_string(tenant_id),   nullable_param(f.customer_id), f.status,
          nullable_param(f.before_id), std::to_string(f.limit + 1),   escape_like(f.query)};
}

/// The page of a list run with filter_params(): the rows read by `read`, at most the filter's
/// limit, and the next page's cursor when there are more.
template <class Read>
auto record_page_of(const result<pg_result>& r, const record_filter& f, Read read) {
  return read_page<record_page<std::decay_t<decltype(read(*r, 0))>>>(r, f.limit, read);
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
