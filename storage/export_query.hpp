#pragma once
// The rows of a CSV export (conversations, tickets, messages, csat), read a page at a time with
// a keyset on the id so that an export of any size never holds more than one page in memory and
// never keeps a connection between pages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// What to export: rows of the tenant created from day `from` through day `to` (UTC) with an id
/// above `after_id`.
struct export_range {
  int64_t tenant_id = 0;
  std::string from;  ///< YYYY-MM-DD
  std::string to;    ///< YYYY-MM-DD, included
  int64_t after_id = 0;
  int limit = 1000;
};

/// One page of an export; `last_id` is the cursor of the next (0 when the page is empty).
struct export_page {
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t last_id = 0;
};

/// True for conversations, tickets, messages and csat.
bool is_export_kind(std::string_view kind);
/// The CSV header of a kind.
std::vector<std::string> export_columns(std::string_view kind);

/// Reads export pages.
class export_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the query.
  explicit export_query(pg_connection& db) : db_(db) {}

  /// The next page of `kind` (is_export_kind). CSAT ratings are not stored yet: always empty.
  result<export_page> page(std::string_view kind, const export_range& range);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
