#include "storage/outbound_repo.hpp"

#include "storage/service_window.hpp"

namespace centralita::storage {

namespace {

// The conversation row is locked so that its last activity moves in the order of the replies.
// The customer's phone is the WhatsApp number to send to; the conversation's channel decides
// the provider and the account whose credentials send it (a conversation without a messaging
// channel, e.g. a call, answers on the tenant's first enabled Builderbot account).
constexpr const char* lock_conversation_sql =
    "SELECT u.phone, "
    " CASE WHEN a.provider IN ('builderbot', 'whatsapp_cloud') THEN a.provider "
    "      ELSE 'builderbot' END, "
    " CASE WHEN a.provider IN ('builderbot', 'whatsapp_cloud') THEN a.id "
    "      ELSE (SELECT d.id FROM channel_accounts d WHERE d.tenant_id = c.tenant_id "
    "            AND d.provider = 'builderbot' AND d.enabled ORDER BY d.id LIMIT 1) END "
    "FROM conversations c "
    "JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id "
    "LEFT JOIN channel_accounts a ON a.tenant_id = c.tenant_id AND a.id = c.channel_account_id "
    "WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c";
constexpr const char* insert_message_sql =
    "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, sender_user_id, "
    " body, status) "
    "VALUES ($1, $2, 'out', $3, $4, $5, 'queued') RETURNING id";
// The payload is what the sender needs without another look-up; built by PostgreSQL.
constexpr const char* insert_outbox_sql =
    "INSERT INTO outbox (tenant_id, message_id, provider, channel_account_id, payload) "
    "VALUES ($1, $2, $3, $4, jsonb_strip_nulls(jsonb_build_object("
    " 'number', $5::text, 'content', $6::text, 'media_url', $7::text, 'media_id', $8::bigint, "
    " 'template', $9::jsonb))) "
    "RETURNING id";
constexpr const char* touch_conversation_sql =
    "UPDATE conversations SET last_message_at = greatest(last_message_at, now()), "
    " updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2";

}  // namespace

result<enqueued_reply> outbound_repo::enqueue_reply_within(const outgoing_reply& reply) {
  std::string sender;
  if (reply.sender_type == "agent") {
    sender = "agent";
  } else if (reply.sender_type == "ai") {
    sender = "bot";
  } else if (reply.sender_type == "system") {
    sender = "system";  // automatic texts: the satisfaction question, the away reply
  } else {
    return make_error(errc::invalid_input, "sender_type must be agent, ai or system",
                      "invalid_field");
  }
  const std::string tid = std::to_string(reply.tenant_id);
  const std::string cid = std::to_string(reply.conversation_id);
  auto locked = db_.exec(lock_conversation_sql, {tid, cid});
  if (!locked) return locked.error();
  if (locked->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  // Refused before anything is written: Meta would refuse it for good (docs/protocols.md §3).
  if (!reply.template_json) {
    auto window = service_window_of(db_, reply.tenant_id, reply.conversation_id);
    if (!window) return window.error();
    if (!window->open) return window_closed_error(*window);
  }
  param user;
  if (reply.user_id) user = std::to_string(*reply.user_id);
  auto message = db_.exec(insert_message_sql, {tid, cid, sender, user, reply.text});
  if (!message) return message.error();
  const std::string mid = message->str(0, 0);
  param account;
  if (!locked->is_null(0, 2)) account = locked->str(0, 2);
  param media;
  if (reply.media_id) media = std::to_string(*reply.media_id);
  auto outbox =
      db_.exec(insert_outbox_sql, {tid, mid, locked->str(0, 1), account, locked->str(0, 0),
                                   reply.text, reply.media_url, media, reply.template_json});
  if (!outbox) return outbox.error();
  if (auto r = db_.exec(touch_conversation_sql, {tid, cid}); !r) return r.error();
  auto stored = message_query{db_}.find(reply.tenant_id, message->i64(0, 0));
  if (!stored) return stored.error();
  return enqueued_reply{std::move(*stored), outbox->i64(0, 0)};
}

result<enqueued_reply> outbound_repo::enqueue_reply(const outgoing_reply& reply) {
  return in_transaction(db_, [&] { return enqueue_reply_within(reply); });
}

result<message_record> outbound_repo::queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                                        int64_t user_id, const std::string& text) {
  auto out = enqueue_reply(
      {tenant_id, conversation_id, "agent", user_id, text, std::nullopt, std::nullopt});
  if (!out) return out.error();
  return std::move(out->message);
}

}  // namespace centralita::storage
