#pragma once
// The audit log as admins and agents read it: newest first, filtered by entity or actor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

/// One audit row; before/after are jsonb texts.
struct audit_row {
  int64_t id = 0;
  std::string actor_type;  ///< user | ai | system
  std::optional<int64_t> actor_user_id;
  std::optional<std::string> actor_name;
  std::string entity_type;
  std::string entity_id;
  std::string action;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string created_at;
};

/// What to list.
struct audit_filter {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor_type;
  std::optional<int64_t> before_id;
  int limit = 50;  ///< 1..200
};

/// A page of the list and the cursor of the next one.
using audit_page = record_page<audit_row>;

/// Reads the tenant's audit log.
class audit_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit audit_query(pg_connection& db) : db_(db) {}

  result<audit_page> list(int64_t tenant_id, const audit_filter& f);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
