#pragma once
// A statement's rows read the same way by every repository: nullable columns and parameters
// (SQL NULL is an empty optional both ways), whole lists, and keyset pages.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "storage/pg.hpp"

namespace centralita::storage {

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

/// A nullable numeric column.
inline std::optional<double> nullable_double(const pg_result& r, int row, int col) {
  if (r.is_null(row, col)) return std::nullopt;
  return std::stod(r.str(row, col));
}

/// A nullable integer parameter.
inline param nullable_param(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

/// Reads column `col` of `row` into `out`, by the type of `out`: text, integer, boolean, or
/// their nullable forms.
inline void read_column(const pg_result& r, int row, int col, std::string& out) {
  out = r.str(row, col);
}
inline void read_column(const pg_result& r, int row, int col, int64_t& out) {
  out = r.i64(row, col);
}
inline void read_column(const pg_result& r, int row, int col, int& out) {
  out = static_cast<int>(r.i64(row, col));
}
inline void read_column(const pg_result& r, int row, int col, bool& out) {
  out = r.boolean(row, col);
}
inline void read_column(const pg_result& r, int row, int col, std::optional<std::string>& out) {
  out = nullable_text(r, row, col);
}
inline void read_column(const pg_result& r, int row, int col, std::optional<int64_t>& out) {
  out = nullable_int(r, row, col);
}
inline void read_column(const pg_result& r, int row, int col, std::optional<double>& out) {
  out = nullable_double(r, row, col);
}

/// Reads the columns of `row` into `out...`, in order from column 0, so a row's fields are
/// named once, in the order of the statement's columns.
template <class... T>
void read_columns(const pg_result& r, int row, T&... out) {
  int col = 0;
  (read_column(r, row, col++, out), ...);
}

/// The one row a statement found, read by `read(result, 0)`; `missing` when it found none.
template <class Read>
auto read_one(const result<pg_result>& r, Read read, const error& missing)
    -> result<std::decay_t<decltype(read(*r, 0))>> {
  if (!r) return r.error();
  if (r->rows() == 0) return missing;
  return read(*r, 0);
}

/// Every row of a statement's result read by `read(result, row)`, or the statement's error.
template <class Read>
auto read_rows(const result<pg_result>& r, Read read)
    -> result<std::vector<std::decay_t<decltype(read(*r, 0))>>> {
  if (!r) return r.error();
  std::vector<std::decay_t<decltype(read(*r, 0))>> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) out.push_back(read(*r, i));
  return out;
}

/// One keyset page of a list and the cursor of the next page when there is one (the id the
/// next page's rows are below).
template <class Row>
struct record_page {
  std::vector<Row> items;
  std::optional<int64_t> next_before_id;
};

/// A keyset page of a statement that asked for `limit` + 1 rows: the first `limit` rows read by
/// `read` and, when there was one more, the next page's cursor (the last item's id).
template <class Page, class Read>
result<Page> read_page(const result<pg_result>& r, int limit, Read read) {
  if (!r) return r.error();
  Page page;
  const int rows = std::min(r->rows(), limit);
  for (int i = 0; i < rows; ++i) page.items.push_back(read(*r, i));
  if (r->rows() > limit && !page.items.empty()) page.next_before_id = page.items.back().id;
  return page;
}

}  // namespace centralita::storage
