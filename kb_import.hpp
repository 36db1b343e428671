#pragma once
// `centralita kb import PATH... --tenant SLUG`: Markdown files (first `# ` heading = title, the
// rest = body) become published articles of the tenant, chunked and embedded, many per
// transaction. A file that is not a valid article is reported and skipped. A running server
// picks the new articles up within seconds (its knowledge actor checks the database).

#include <string>
#include <vector>

namespace centralita::cli {

/// What to import.
struct kb_import_options {
  std::string database_url;
  std::string tenant = "demo";
  std::vector<std::string> paths;  ///< files, or directories searched for *.md
  bool progress_bar = false;       ///< a bar on stdout (a terminal), else a line per file
};

/// Imports and prints a summary; 0 when every file was imported, 2 when some were rejected,
/// 1 when nothing could be done (no database, unknown tenant, no files).
int kb_import(const kb_import_options& options);

}  // namespace centralita::cli
