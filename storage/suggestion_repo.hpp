#pragma once
// Suggestions: replies the AI drafted for an agent. An agent approves one (as drafted or
// edited: it is then queued to the customer as the agent's message) or rejects it with a
// reason; either is final and audited.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

/// One suggestion; times are RFC 3339 UTC.
struct suggestion {
  int64_t id = 0;
  int64_t conversation_id = 0;
  std::optional<int64_t> message_id;  ///< the customer's message it answers
  std::string text;
  std::optional<std::string> final_text;  ///< what was sent, when approved
  std::string status;                     ///< pending | approved | rejected | superseded
  std::optional<std::string> category;
  std::optional<double> confidence;
  std::optional<std::string> reason;
  std::optional<std::string> reason_code;  ///< absent on rows older than reason codes
  std::string reason_params_json = "{}";   ///< a JSON object
  std::optional<int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> reject_reason;
  std::optional<int64_t> sent_message_id;  ///< the queued message, when approved
  std::string created_at;
  std::string customer_name;
};

/// What to list, newest first, keyset-paged on id.
struct suggestion_filter {
  std::vector<std::string>
      statuses;  ///< any of pending, approved, rejected, superseded; all when empty
  std::optional<int64_t> conversation_id;
  std::optional<int64_t> before_id;
  int limit = 50;  ///< 1..200
};

/// A page of the list and the cursor of the next one.
using suggestion_page = record_page<suggestion>;

/// Reads and decides suggestions within one tenant (errc::not_found for another tenant's).
class suggestion_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit suggestion_repo(pg_connection& db) : db_(db) {}

  result<suggestion_page> list(int64_t tenant_id, const suggestion_filter& f);
  result<suggestion> find(int64_t tenant_id, int64_t id);
  /// Approves a pending suggestion, sending `edited` instead of the draft when given: the text
  /// is queued as the user's message. errc::conflict when it was already decided, and when it
  /// was superseded by a newer customer message unless `confirmed` (code "superseded").
  result<suggestion> approve(int64_t tenant_id, int64_t id, int64_t user_id,
                             const std::optional<std::string>& edited, bool confirmed = false);
  /// Rejects a pending or superseded suggestion; errc::conflict when it was already decided.
  result<suggestion> reject(int64_t tenant_id, int64_t id, int64_t user_id,
                            const std::optional<std::string>& reason);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
