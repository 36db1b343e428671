#include "storage/note_repo.hpp"

namespace centralita::storage {

namespace {

// NULL for "", the value otherwise.
param opt(const std::string& v) { return v.empty() ? param{} : param{v}; }

#define CENTRALITA_NOTE_JSON                                                                       \
  "json_build_object('id', n.id, 'conversation_id', n.conversation_id, 'ticket_id', n.ticket_id, " \
  " 'direction', 'internal', "                                                                     \
  " 'sender_type', 'agent', 'sender_user_id', n.author_id, 'sender_name', "                        \
  " (SELECT u.name FROM users u WHERE u.tenant_id = n.tenant_id AND u.id = n.author_id), "         \
  " 'text', n.body, 'attachments', '[]'::json, 'status', 'note', 'private', true, "                \
  " 'created_at', rfc3339(n.created_at))::text"

constexpr const char* lock_conversation_sql =
    "SELECT id FROM conversations WHERE tenant_id = $1 AND id = $2 FOR SHARE";
// A ticket's note also goes into the ticket's conversation, when it has one.
constexpr const char* lock_ticket_sql =
    "SELECT conversation_id FROM tickets WHERE tenant_id = $1 AND id = $2 FOR SHARE";

// $5 names what the note was written on (the audit row's entity): 'conversation' or 'ticket'.
constexpr const char* insert_sql =
    "WITH n AS (INSERT INTO conversation_notes (tenant_id, conversation_id, ticket_id, "
    " author_id, body) VALUES ($1, $2, $6, $3, $4) RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, after) SELECT $1, 'user', $3, $5, "
    " (CASE WHEN $5 = 'ticket' THEN n.ticket_id ELSE n.conversation_id END)::text, "
    " 'note.created', jsonb_build_object('note_id', n.id, 'text', n.body) FROM n) "
    "SELECT n.id, " CENTRALITA_NOTE_JSON " FROM n";

constexpr const char* notify_sql =
    "WITH m AS (SELECT ARRAY(SELECT lower(x) FROM unnest($6::text[]) x) AS names), "
    "u AS (SELECT id FROM users, m WHERE tenant_id = $1 AND active AND id <> $3 AND ("
    "  lower(split_part(name, ' ', 1)) = ANY (m.names) "
    "  OR lower(replace(name, ' ', '')) = ANY (m.names) "
    "  OR lower(split_part(email, '@', 1)) = ANY (m.names))), "
    "i AS (INSERT INTO user_notifications (tenant_id, user_id, kind, conversation_id, ticket_id, "
    " note_id, author_id, preview) SELECT $1, u.id, 'mention', $2, $7, $4, $3, left($5, 200) "
    " FROM u RETURNING *) "
    "SELECT json_build_object('id', i.id, 'user_id', i.user_id, 'kind', i.kind, "
    " 'conversation_id', i.conversation_id, 'ticket_id', i.ticket_id, 'note_id', i.note_id, "
    " 'author_id', i.author_id, "
    " 'preview', i.preview, 'read_at', NULL, 'created_at', rfc3339(i.created_at))::text FROM i";

constexpr const char* list_sql =
    "SELECT rfc3339(n.created_at), " CENTRALITA_NOTE_JSON
    " FROM conversation_notes n WHERE n.tenant_id = $1 AND n.conversation_id = $2 "
    "ORDER BY n.id DESC LIMIT 500";

constexpr const char* ticket_list_sql =
    "SELECT rfc3339(n.created_at), " CENTRALITA_NOTE_JSON
    " FROM conversation_notes n WHERE n.tenant_id = $1 AND n.ticket_id = $2 "
    "ORDER BY n.id DESC LIMIT 500";

constexpr const char* notifications_sql =
    "SELECT json_build_object('items', coalesce((SELECT json_agg(x ORDER BY x.id DESC) FROM ("
    "  SELECT i.id, i.user_id, i.kind, i.conversation_id, i.ticket_id, i.note_id, i.author_id, "
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

result<created_note> note_repo::write(int64_t tenant_id, int64_t author_id,
                                      const std::string& conversation_id,
                                      const std::string& ticket_id, const std::string& on,
                                      const std::string& text,
                                      const std::vector<std::string>& mentions) {
  const auto tid = std::to_string(tenant_id);
  const auto uid = std::to_string(author_id);
  auto n = db_.exec(insert_sql, {tid, opt(conversation_id), uid, text, on, opt(ticket_id)});
  if (!n) return n.error();
  created_note out;
  out.note_json = n->str(0, 1);
  if (!mentions.empty()) {
    auto i = db_.exec(notify_sql, {tid, opt(conversation_id), uid, n->str(0, 0), text,
                                   text_array(mentions), opt(ticket_id)});
    if (!i) return i.error();
    for (int row = 0; row < i->rows(); ++row) out.notifications_json.push_back(i->str(row, 0));
  }
  return out;
}

result<created_note> note_repo::write_on(const char* lock_sql, const error& missing,
                                         int64_t tenant_id, int64_t author_id, int64_t subject_id,
                                         const std::string& on, const std::string& text,
                                         const std::vector<std::string>& mentions) {
  const auto sid = std::to_string(subject_id);
  return in_transaction(db_, [&]() -> result<created_note> {
    // The lock's one column is the conversation the note goes into (none for a ticket without
    // one).
    auto locked = db_.exec(lock_sql, {std::to_string(tenant_id), sid});
    if (!locked) return locked.error();
    if (locked->rows() == 0) return missing;
    const auto conversation = locked->is_null(0, 0) ? std::string{} : locked->str(0, 0);
    return write(tenant_id, author_id, conversation, on == "ticket" ? sid : "", on, text, mentions);
  });
}

result<created_note> note_repo::create(int64_t tenant_id, int64_t author_id,
                                       int64_t conversation_id, const std::string& text,
                                       const std::vector<std::string>& mentions) {
  return write_on(lock_conversation_sql,
                  make_error(errc::not_found, "no such conversation", "conversation_not_found"),
                  tenant_id, author_id, conversation_id, "conversation", text, mentions);
}

result<created_note> note_repo::create_on_ticket(int64_t tenant_id, int64_t author_id,
                                                 int64_t ticket_id, const std::string& text,
                                                 const std::vector<std::string>& mentions) {
  return write_on(lock_ticket_sql,
                  make_error(errc::not_found, "no such ticket", "ticket_not_found"), tenant_id,
                  author_id, ticket_id, "ticket", text, mentions);
}

result<std::string> note_repo::list_for_ticket(int64_t tenant_id, int64_t ticket_id) {
  auto r = db_.exec(ticket_list_sql, {std::to_string(tenant_id), std::to_string(ticket_id)});
  if (!r) return r.error();
  std::string out = "{\"items\":[";
  for (int row = r->rows() - 1; row >= 0; --row) {
    out += r->str(row, 1);
    if (row > 0) out += ',';
  }
  return out + "]}";
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
