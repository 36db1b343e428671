#pragma once
// Read side of messages: a conversation's timeline for the dashboard. (Writes live in
// message_repo, on the hot path.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One stored message as the dashboard shows it.
struct message_record {
  int64_t id = 0;
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  std::optional<std::string> event_id;  ///< the event_log row it came from, if any
  std::string direction;                ///< in | out
  std::string sender_type;              ///< customer | bot | agent | system
  std::optional<int64_t> sender_user_id;
  std::string body;
  std::string attachments_json;   ///< raw jsonb array text
  std::string status;             ///< received | queued | sent | delivered | read | failed | dead
  std::string created_at;         ///< RFC 3339 UTC
  std::string media_json = "[]";  ///< its media rows' descriptors (storage/media_repo.hpp)
};

/// Lists and counts messages within one tenant.
class message_query {
 public:
  /// Uses `db` for every query; the connection must outlive the object.
  explicit message_query(pg_connection& db) : db_(db) {}

  /// The conversation's messages in the order they were stored (oldest first), at most `limit`
  /// (1..1000), those after `after_id` when given. Empty for a conversation of another tenant.
  result<std::vector<message_record>> list_by_conversation(
      int64_t tenant_id, int64_t conversation_id, int limit = 200,
      std::optional<int64_t> after_id = std::nullopt);
  /// The conversation's last `limit` (1..1000) messages, oldest first: a timeline's latest page.
  result<std::vector<message_record>> list_latest(int64_t tenant_id, int64_t conversation_id,
                                                  int limit = 200);
  /// The message with this id in the tenant; errc::not_found otherwise.
  result<message_record> find(int64_t tenant_id, int64_t id);
  /// How many messages the conversation has (0 for a conversation of another tenant).
  result<int64_t> count_by_conversation(int64_t tenant_id, int64_t conversation_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
