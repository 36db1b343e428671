#include "storage/note_repo.hpp"

namespace centralita::storage {

namespace {

#define CENTRALITA_NOTE_JSON                                                                      \
  "json_build_object('id', n.id, 'conversation_id', n.conversation_id, 'direction', 'internal', " \
  " 'sender_type', 'agent', 'sender_user_id', n.author_id, 'sender_name', "                       \
  " (SELECT u.name FROM users u WHERE u.tenant_id = n.tenant_id AND u.id = n.author_id), "        \
  " 'text', n.body, 'attachments', '[]'::json, 'status', 'note', 'private', true, "               \
  " 'created_at', rfc3339(n.created_at))::text"

constexpr const char* lock_conversation_sql =
    "SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2 FOR SHARE";

constexpr const char* insert_sql =
    "WITH n AS (INSERT INTO conversation_notes (tenant_id, conversation_id, author_id, body) "
    " VALUES ($1, $2, $3, $4) RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, after) SELECT $1, 'user', $3, 'conversation', $2::text, 'note.created', "
    " jsonb_build_object('note_id', n.id, 'text', n.body) FROM n) "
    "SELECT n.id, " CENTRALITA_NOTE_JSON " FROM n";

constexpr const char* notify_sql =
    "WITH m AS (SELECT ARRAY(SELECT lower(x) FROM unnest($6::text[]) x) AS names), "
    "u AS (SELECT id FROM users, m WHERE tenant_id = $1 AND active AND id <> $3 AND ("
    "  lower(split_part(name, ' ', 1)) = ANY (m.names) "
    "  OR lower(replace(name, ' ', '')) = ANY (m.names) "
    "  OR lower(split_part(email, '@', 1)) = ANY (m.names))), "
    "i AS (INSERT INTO user_notifications (tenant_id, user_id, kind, conversation_id, note_id, "
    " author_id, preview) SELECT $1, u.id, 'mention', $2, $4, $3, left($5, 200) FROM u "
    " RETURNING *) "
    "SELECT json_build_object('id', i.id, 'user_id', i.user_id, 'kind', i.kind, "
    " 'conversation_id', i.conversation_id, 'note_id', i.note_id, 'author_id', i.author_id, "
    " 'preview', i.preview, 'read_at', NULL, 'created_at', rfc3339(i.created_at))::text FROM i";

constexpr const char* list_sql =
    "SELECT rfc3339(n.created_at), " CENTRALITA_NOTE_JSON
    " FROM conversation_notes n WHERE n.tenant_id = $1 AND n.conversation_id = $2 "
    "ORDER BY n.id DESC LIMIT 500";

constexpr const char* notifications_sql =
    "SELECT json_build_object('items', coalesce((SELECT json_agg(x ORDER BY x.id DESC) FROM ("
    "  SELECT i.id, i.user_id, i.kind, i.conversation_id, i.note_id, i.author_id, "
    "   (SELECT u.name FROM users u WHERE u.tenant_id = i.tenant_id AND u.id = i.author_id) "
    "   AS author_name, i.preview, rfc3339(i.read_at) AS read_at, "
    "   rfc3339(i.created_at) AS created_at FROM user_notifications i "
    "  WHERE i.tenant_id = $1 AND i.user_id = $2 ORDER BY i.id DESC LIMIT $3) x), '[]'), "
    " 'unread', (SELECT count(*) FROM user_notifications WHERE tenant_id = $1 AND user_id = $2 "
    "  AND read_at IS NULL))::text";

constexpr const char* mark_read_sql =
    "UPDATE user_notifications SET read_at = now() WHERE tenant_id = $1 AND user_id = $2 "
    " AND read_at IS NULL AND (cardinality($3::bigint[]) = 0 OR id = ANY ($3::bigint[]))";

#undef CENTRALITA_NOTE_JSON

}  // namespace

result<created_note> note_repo::create(int64_t tenant_id, int64_t author_id,
                                       int64_t conversation_id, const std::string& text,
                                       const std::vector<std::string>& mentions) {
  const auto tid = std::to_string(tenant_id);
  const auto cid = std::to_string(conversation_id);
  const auto uid = std::to_string(author_id);
  return in_transaction(db_, [&]() -> result<created_note> {
    auto c = db_.exec(lock_conversation_sql, {tid, cid});
    if (!c) return c.error();
    if (c->rows() == 0) {
      return make_error(errc::not_found, "no such conversation", "conversation_not_found");
    }
    auto n = db_.exec(insert_sql, {tid, cid, uid, text});
    if (!n) return n.error();
    created_note out;
    out.note_json = n->str(0, 1);
    if (!mentions.empty()) {
      auto i = db_.exec(notify_sql, {tid, cid, uid, n->str(0, 0), text, text_array(mentions)});
      if (!i) return i.error();
      for (int row = 0; row < i->rows(); ++row) out.notifications_json.push_back(i->str(row, 0));
    }
    return out;
  });
}

result<std::vector<note_row>> note_repo::list(int64_t tenant_id, int64_t conversation_id) {
  auto r = db_.exec(list_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  std::vector<note_row> out;
  for (int row = r->rows() - 1; row >= 0; --row) out.push_back({r->str(row, 0), r->str(row, 1)});
  return out;
}

result<std::string> note_repo::notifications(int64_t tenant_id, int64_t user_id, int limit) {
  auto r = db_.exec(notifications_sql,
                    {std::to_string(tenant_id), std::to_string(user_id), std::to_string(limit)});
  if (!r) return r.error();
  return r->str(0, 0);
}

status note_repo::mark_read(int64_t tenant_id, int64_t user_id, const std::vector<int64_t>& ids) {
  auto r =
      db_.exec(mark_read_sql, {std::to_string(tenant_id), std::to_string(user_id), int_array(ids)});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
