#pragma once
// Reading a tenant's quotes, with their lines.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/record_filter.hpp"

namespace centralita::storage {

/// A quote; `lines_json` is its jsonb array of lines
/// (`{"description","quantity","unit_price_cents"}`).
struct quote_record {
  int64_t id = 0;
  std::string number;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> conversation_id;  ///< the conversation it was prepared in
  std::string status;
  std::string lines_json;
  int64_t total_cents = 0;
  std::string currency;
  std::optional<std::string> valid_until;  ///< YYYY-MM-DD
  std::string created_at;
  std::optional<std::string> sent_at;
};

/// The select list quote rows are read with (read_quote's columns, in order).
#define CENTRALITA_QUOTE_COLUMNS                                                           \
  "id, number, customer_id, conversation_id, status, lines::text, total_cents, currency, " \
  "to_char(valid_until, 'YYYY-MM-DD'), rfc3339(created_at), rfc3339(sent_at)"

/// Reads row `i` selected with CENTRALITA_QUOTE_COLUMNS.
quote_record read_quote(const pg_result& r, int i);

/// Named queries over quotes, always within one tenant.
class quote_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit quote_query(pg_connection& db) : db_(db) {}

  /// Newest first.
  result<record_page<quote_record>> list(int64_t tenant_id, const record_filter& f);
  /// The quotes prepared in one conversation, newest first.
  result<std::vector<quote_record>> by_conversation(int64_t tenant_id, int64_t conversation_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
