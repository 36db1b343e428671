#pragma once
// A tenant's canned replies: a shortcut and a text with variables the dashboard fills in before
// sending. Each change writes its audit row in the same statement. Rows come back as JSON text
// built by PostgreSQL (id, shortcut, text, created_at, updated_at).

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A new canned reply, or the fields to change (absent: kept).
struct canned_fields {
  std::optional<std::string> shortcut;
  std::optional<std::string> text;
};

/// Reads and changes canned replies within one tenant; errc::not_found for another tenant's id,
/// errc::conflict (detail unique_violation) for a shortcut already taken.
class canned_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit canned_repo(pg_connection& db) : db_(db) {}

  /// `{"items":[...]}` by shortcut.
  result<std::string> list(int64_t tenant_id);
  result<std::string> create(int64_t tenant_id, int64_t user_id, const canned_fields& f);
  result<std::string> update(int64_t tenant_id, int64_t user_id, int64_t id,
                             const canned_fields& f);
  status remove(int64_t tenant_id, int64_t user_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
