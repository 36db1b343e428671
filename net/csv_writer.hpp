#pragma once
// CSV rows (RFC 4180) safe to open in a spreadsheet: cells with a comma, a quote or a line break
// are quoted, and a cell a spreadsheet would run as a formula (starting with = + - @, a tab or a
// carriage return) is prefixed with an apostrophe (docs/architecture.md, "The agent's toolkit").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace centralita::net {

/// Appends one cell's CSV text (no separator) to `out`; an empty optional is an empty cell.
void append_csv_cell(std::string& out, std::string_view cell);

/// Appends the cells as one CSV line ending in CRLF.
void append_csv_row(std::string& out, const std::vector<std::optional<std::string>>& cells);

}  // namespace centralita::net
