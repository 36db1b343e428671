#pragma once
// Numbered SQL migrations, embedded in the binary and applied in order by `centralita migrate`.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One schema change: its name (the file name, e.g. "001_core") and its SQL.
struct migration {
  std::string name;
  std::string sql;
};

/// Every migration shipped with this build, in order.
const std::vector<migration>& all_migrations();

/// Applies the migrations not yet recorded in schema_migrations, each in its own transaction,
/// under an advisory lock so that two processes never migrate at once. Returns how many ran.
result<int> migrate(pg_connection& db);

}  // namespace centralita::storage
