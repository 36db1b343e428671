#pragma once
// Reading a tenant's invoices.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/record_filter.hpp"

namespace centralita::storage {

/// An invoice.
struct invoice_record {
  int64_t id = 0;
  std::string number;
  std::optional<int64_t> customer_id;
  std::string status;
  std::string currency;
  int64_t amount_cents = 0;
  std::string issued_at;
  std::optional<std::string> due_date;  ///< YYYY-MM-DD
  std::optional<std::string> paid_at;
  std::optional<std::string> pdf_url;
  std::string created_at;
};

/// Named queries over invoices, always within one tenant.
class invoice_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit invoice_query(pg_connection& db) : db_(db) {}

  /// Newest first.
  result<record_page<invoice_record>> list(int64_t tenant_id, const record_filter& f);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
