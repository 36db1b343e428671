#include "net/csv_writer.hpp"

namespace centralita::net {

void append_csv_cell(std::string& out, std::string_view cell) {
  const bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                         cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
  const bool quoted = formula || cell.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoted) out += '"';
  if (formula) out += '\'';
  for (char ch : cell) {
    if (ch == '"') out += '"';
    out += ch;
  }
  if (quoted) out += '"';
}

void append_csv_row(std::string& out, const std::vector<std::optional<std::string>>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    if (cells[i]) append_csv_cell(out, *cells[i]);
  }
  out += "\r\n";
}

}  // namespace centralita::net
