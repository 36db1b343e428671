#pragma once
// Read access to a tenant's conversations: one by id, and the dashboard's list, newest activity
// first, paged with a keyset cursor on (last_message_at, id).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One conversation with the customer fields a list shows.
struct conversation {
  int64_t id = 0;
  int64_t tenant_id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> channel_account_id;
  std::string status;  ///< open | pending | resolved
  std::optional<int64_t> assignee_id;
  bool bot_active = true;
  std::optional<std::string> last_message_at;  ///< RFC 3339 UTC, empty before the first message
  std::string created_at;                      ///< RFC 3339 UTC
  std::string updated_at;                      ///< RFC 3339 UTC
  std::string customer_name;
  std::string customer_phone;
  std::optional<std::string> last_message_preview;  ///< first 200 characters of the last message
  /// SLA due times (set by the scheduler's SLA check, counted from created_at) and the first
  /// agent or bot reply sent; RFC 3339 UTC.
  std::optional<std::string> first_response_due_at;
  std::optional<std::string> resolution_due_at;
  std::optional<std::string> first_responded_at;
  std::string labels_json = "[]";  ///< `[{"id","name","color"}...]` by name
};

/// Where a page ends: the sort key of its last row.
struct conversation_cursor {
  std::optional<std::string> last_message_at;  ///< RFC 3339 UTC as returned, or empty
  int64_t id = 0;
};

/// A full-text query where every word of `text` must start a word of the message: "pedi 10"
/// gives "pedi:* & 10:*"; empty when `text` has no word.
std::string prefix_tsquery(std::string_view text);

/// Text form of a cursor for an API (`<id>:<last_message_at>`); opaque to clients.
std::string encode_cursor(const conversation_cursor& cursor);
/// Parses encode_cursor's output; errc::invalid_input (detail "invalid_cursor") otherwise.
result<conversation_cursor> decode_cursor(std::string_view text);

/// What to list; every field is optional.
struct conversation_filter {
  std::optional<std::string> status;   ///< open | pending | resolved
  std::optional<int64_t> assignee_id;  ///< only those assigned to this user
  std::optional<std::string> query;    ///< a substring of the customer's name or phone
  /// `query` also matches the text of the conversation's messages, through the full-text index
  /// (every word of the query as a prefix of a word of a message).
  bool query_messages = false;
  bool unassigned = false;                   ///< only conversations with no assignee
  std::optional<int64_t> label_id;           ///< only conversations with this label
  std::optional<conversation_cursor> after;  ///< the previous page's `next`
  int limit = 50;                            ///< 1..200
};

/// One page of a list, and the cursor of the next one when there is more.
struct conversation_page {
  std::vector<conversation> items;
  std::optional<conversation_cursor> next;
};

/// A change to a conversation; absent fields stay as they are.
struct conversation_patch {
  std::optional<std::string> status;  ///< open | pending | resolved
  bool set_assignee = false;          ///< assignee_id below applies (empty: unassign)
  std::optional<int64_t> assignee_id;
  std::optional<bool> bot_active;  ///< true hands the conversation back to the bot
};

struct enqueued_reply;  // storage/outbound_repo.hpp

/// True for open, pending and resolved.
bool is_conversation_status(std::string_view s);

/// Reads conversations within one tenant; errc::not_found when there is no such one there.
class conversation_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit conversation_repo(pg_connection& db) : db_(db) {}

  /// The conversation with this id in the tenant.
  result<conversation> find(int64_t tenant_id, int64_t id);
  /// The tenant's conversations by last activity, newest first (never-active ones first of all,
  /// as the conversations_tenant_recent index orders them); errc::invalid_input for a bad status.
  result<conversation_page> list(int64_t tenant_id, const conversation_filter& filter);
  /// Changes status, assignee and/or bot_active, with an audit row (and, for a bot_active
  /// change, a Builderbot blacklist call in the outbox), in one transaction: errc::not_found,
  /// errc::unprocessable (bad status, assignee not of the tenant), errc::conflict (reopening
  /// while the customer has another open conversation). No change writes nothing. A change
  /// that resolves the conversation asks its customer for a rating in the same transaction
  /// (storage/csat_repo.hpp); the question sent, if any, lands in `asked` when given.
  result<conversation> update(int64_t tenant_id, int64_t id, const actor& who,
                              const conversation_patch& patch,
                              std::optional<enqueued_reply>* asked = nullptr);

 private:
  result<conversation> update_in_transaction(int64_t tenant_id, int64_t id, const actor& who,
                                             const conversation_patch& patch,
                                             std::optional<enqueued_reply>* asked);
  pg_connection& db_;
};

}  // namespace centralita::storage
