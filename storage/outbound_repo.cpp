#include "storage/outbound_repo.hpp"

namespace centralita::storage {

namespace {

// The conversation row is locked so that its last activity moves in the order of the replies.
constexpr const char* lock_conversation_sql =
    "SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* insert_sql =
    "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, sender_user_id, "
    " body, status) "
    "VALUES ($1, $2, 'out', $3, $4, $5, 'queued') RETURNING id";
constexpr const char* touch_conversation_sql =
    "UPDATE conversations SET last_message_at = greatest(last_message_at, now()), "
    " updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2";

}  // namespace

result<message_record> outbound_repo::queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                                        int64_t user_id, const std::string& text) {
  return in_transaction(db_, [&]() -> result<message_record> {
    auto id = queue_in_transaction({tenant_id, conversation_id, "agent", user_id, text});
    if (!id) return id.error();
    return message_query{db_}.find(tenant_id, *id);
  });
}

result<int64_t> outbound_repo::queue_in_transaction(const outgoing_message& m) {
  const std::string tid = std::to_string(m.tenant_id);
  const std::string cid = std::to_string(m.conversation_id);
  auto locked = db_.exec(lock_conversation_sql, {tid, cid});
  if (!locked) return locked.error();
  if (locked->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  param user;
  if (m.user_id) user = std::to_string(*m.user_id);
  auto inserted = db_.exec(insert_sql, {tid, cid, m.sender_type, user, m.text});
  if (!inserted) return inserted.error();
  if (auto r = db_.exec(touch_conversation_sql, {tid, cid}); !r) return r.error();
  return inserted->i64(0, 0);
}

}  // namespace centralita::storage
