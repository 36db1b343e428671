#include "storage/message_query.hpp"

#include <algorithm>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// Ordered by id: ids are assigned in insertion order, which is the conversation's processing
// order, while created_at may tie within a batch.
constexpr const char* list_sql =
    "SELECT id, tenant_id, conversation_id, event_id::text, direction, sender_type, "
    " sender_user_id, body, attachments::text, status, rfc3339(created_at), "
    " message_media(tenant_id, id)::text "
    "FROM messages WHERE tenant_id = $1 AND conversation_id = $2 "
    " AND ($3::bigint IS NULL OR id > $3) "
    "ORDER BY id LIMIT $4";
constexpr const char* list_latest_sql =
    "SELECT * FROM (SELECT id, tenant_id, conversation_id, event_id::text, direction, "
    " sender_type, sender_user_id, body, attachments::text, status, rfc3339(created_at), "
    " message_media(tenant_id, id)::text "
    " FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY id DESC LIMIT $3) m "
    "ORDER BY id";
constexpr const char* find_sql =
    "SELECT id, tenant_id, conversation_id, event_id::text, direction, sender_type, "
    " sender_user_id, body, attachments::text, status, rfc3339(created_at), "
    " message_media(tenant_id, id)::text "
    "FROM messages WHERE tenant_id = $1 AND id = $2";
constexpr const char* count_sql =
    "SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2";

message_record read_message(const pg_result& r, int row) {
  message_record m;
  read_columns(r, row, m.id, m.tenant_id, m.conversation_id, m.event_id, m.direction, m.sender_type,
               m.sender_user_id, m.body, m.attachments_json, m.status, m.created_at, m.media_json);
  return m;
}

}  // namespace

result<std::vector<message_record>> message_query::list_by_conversation(
    int64_t tenant_id, int64_t conversation_id, int limit, std::optional<int64_t> after_id) {
  limit = std::clamp(limit, 1, 1000);
  param after;
  if (after_id) after = std::to_string(*after_id);
  return read_rows(db_.exec(list_sql, {std::to_string(tenant_id), std::to_string(conversation_id),
                                       after, std::to_string(limit)}),
                   read_message);
}

result<std::vector<message_record>> message_query::list_latest(int64_t tenant_id,
                                                               int64_t conversation_id, int limit) {
  limit = std::clamp(limit, 1, 1000);
  return read_rows(
      db_.exec(list_latest_sql,
               {std::to_string(tenant_id), std::to_string(conversation_id), std::to_string(limit)}),
      read_message);
}

result<message_record> message_query::find(int64_t tenant_id, int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}), read_message,
                  make_error(errc::not_found, "no such message", "message_not_found"));
}

result<int64_t> message_query::count_by_conversation(int64_t tenant_id, int64_t conversation_id) {
  auto r = db_.exec(count_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  return r->i64(0, 0);
}

}  // namespace centralita::storage
