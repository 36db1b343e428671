#pragma once
// Reading a tenant's quotes, with their lines.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/record_filter.hpp"

namespace centralita::storage {

/// A quote; `lines_json` is its jsonb array of lines.
struct quote_record {
  int64_t id = 0;
  std::string number;
  std::optional<int64_t> customer_id;
  std::string status;
  std::string lines_json;
  int64_t total_cents = 0;
  std::string currency;
  std::optional<std::string> valid_until;  ///< YYYY-MM-DD
  std::string created_at;
};

/// Named queries over quotes, always within one tenant.
class quote_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit quote_query(pg_connection& db) : db_(db) {}

  /// Newest first.
  result<record_page<quote_record>> list(int64_t tenant_id, const record_filter& f);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
