#include "storage/outbound_repo.hpp"

namespace centralita::storage {

namespace {

// The conversation row is locked so that its last activity moves in the order of the replies.
constexpr const char* lock_conversation_sql =
    "SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* insert_sql =
    "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, sender_user_id, "
    " body, status) "
    "VALUES ($1, $2, 'out', 'agent', $3, $4, 'queued') RETURNING id";
constexpr const char* touch_conversation_sql =
    "UPDATE conversations SET last_message_at = greatest(last_message_at, now()), "
    " updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2";

}  // namespace

result<message_record> outbound_repo::queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                                        int64_t user_id, const std::string& text) {
  const std::string tid = std::to_string(tenant_id);
  const std::string cid = std::to_string(conversation_id);
  return in_transaction(db_, [&]() -> result<message_record> {
    auto locked = db_.exec(lock_conversation_sql, {tid, cid});
    if (!locked) return locked.error();
    if (locked->rows() == 0) {
      return make_error(errc::not_found, "no such conversation", "conversation_not_found");
    }
    auto inserted = db_.exec(insert_sql, {tid, cid, std::to_string(user_id), text});
    if (!inserted) return inserted.error();
    if (auto r = db_.exec(touch_conversation_sql, {tid, cid}); !r) return r.error();
    return message_query{db_}.find(tenant_id, inserted->i64(0, 0));
  });
}

}  // namespace centralita::storage
