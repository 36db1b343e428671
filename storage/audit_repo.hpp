#pragma once
// The audit log: who changed what (a user, the AI or the system), append-only. Repositories
// that change audited entities write their rows inside their own transactions; this one
// appends rows whose before/after a caller already has as JSON text (settings).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Who did a change: `type` is user | ai | system; a user carries its id.
struct actor {
  std::string type = "user";
  std::optional<int64_t> user_id;

  /// A dashboard user.
  static actor user(int64_t id) { return actor{"user", id}; }
};

/// One audit row to append; before/after are JSON texts (stored as jsonb), or absent.
struct audit_entry {
  int64_t tenant_id = 0;
  storage::actor actor;
  std::string entity_type;  ///< e.g. "ticket", "conversation", "settings"
  std::string entity_id;    ///< the entity's id as text
  std::string action;       ///< e.g. "settings.updated"
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

/// Appends to audit_log; used inside the caller's transaction.
class audit_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit audit_repo(pg_connection& db) : db_(db) {}

  /// Appends one row; an invalid JSON text is a bug (errc::internal).
  status append(const audit_entry& entry);
  /// Appends the rows in order, with one statement.
  status append_all(const std::vector<audit_entry>& entries);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
