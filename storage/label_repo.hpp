#pragma once
// A tenant's conversation labels (a name and a colour) and the labels each conversation has.
// Changes write their audit rows in the same statement; rows come back as JSON text built by
// PostgreSQL (id, name, color).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A conversation's labels after a change.
/// A conversation the AI just labelled, with all its labels as the dashboard shows them.
struct labeled_conversation {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  std::string labels_json;
};

struct conversation_labels {
  std::string labels_json;  ///< `[{"id","name","color"}...]` by name
  bool changed = false;     ///< false: the set was already this one, nothing written
};

/// Reads and changes labels within one tenant; errc::not_found for another tenant's ids.
class label_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit label_repo(pg_connection& db) : db_(db) {}

  /// `{"items":[...],"ai_labels":bool}` by name.
  result<std::string> list(int64_t tenant_id);
  /// errc::conflict (label_taken) for a name the tenant has, whatever its case.
  result<std::string> create(int64_t tenant_id, int64_t user_id, const std::string& name,
                             const std::string& color);
  status remove(int64_t tenant_id, int64_t user_id, int64_t id);
  /// Sets whether the AI puts the category's label on the conversations it triages.
  status set_ai_labels(int64_t tenant_id, int64_t user_id, bool on);
  /// Replaces the conversation's labels, in one transaction with its audit row:
  /// errc::not_found when the conversation or any label is not the tenant's (nothing written).
  result<conversation_labels> set_for_conversation(int64_t tenant_id, int64_t user_id,
                                                   int64_t conversation_id,
                                                   const std::vector<int64_t>& label_ids);
  /// For each (tenant, conversation, category) whose tenant lets the AI label (ai_labels), puts
  /// the tenant's label named like the category (any case) on the conversation, audited as the
  /// AI's; one statement for a whole batch, inside the caller's transaction. Returns the
  /// conversations that got a label, with all their labels now.
  result<std::vector<labeled_conversation>> apply_categories(
      const std::vector<int64_t>& tenant_ids, const std::vector<int64_t>& conversation_ids,
      const std::vector<std::string>& categories);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
