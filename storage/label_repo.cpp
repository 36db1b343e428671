#include "storage/label_repo.hpp"

#include <algorithm>

namespace centralita::storage {

namespace {

constexpr const char* list_sql =
    "SELECT json_build_object('items', coalesce((SELECT json_agg(json_build_object('id', l.id, "
    " 'name', l.name, 'color', l.color) ORDER BY lower(l.name)) FROM labels l "
    " WHERE l.tenant_id = $1), '[]'), 'ai_labels', t.ai_labels)::text "
    "FROM tenants t WHERE t.id = $1";

constexpr const char* create_sql =
    "WITH l AS (INSERT INTO labels (tenant_id, name, color) VALUES ($1, $3, $4) RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, after) SELECT $1, 'user', $2, 'label', l.id::text, 'label.created', "
    " jsonb_build_object('name', l.name, 'color', l.color) FROM l) "
    "SELECT json_build_object('id', l.id, 'name', l.name, 'color', l.color)::text FROM l";

constexpr const char* delete_sql =
    "WITH l AS (DELETE FROM labels WHERE tenant_id = $1 AND id = $3 RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, before) SELECT $1, 'user', $2, 'label', l.id::text, 'label.deleted', "
    " jsonb_build_object('name', l.name, 'color', l.color) FROM l) "
    "SELECT id FROM l";

constexpr const char* ai_labels_sql =
    "WITH old AS (SELECT ai_labels FROM tenants WHERE id = $1 FOR UPDATE), "
    "t AS (UPDATE tenants SET ai_labels = $3 WHERE id = $1 RETURNING ai_labels), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, before, after) SELECT $1, 'user', $2, 'settings', $1::text, 'settings.updated', "
    " jsonb_build_object('ai_labels', old.ai_labels), jsonb_build_object('ai_labels', t.ai_labels) "
    " FROM old, t WHERE old.ai_labels <> t.ai_labels) "
    "SELECT 1 FROM t";

constexpr const char* lock_conversation_sql =
    "SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* count_labels_sql =
    "SELECT count(*) FROM labels WHERE tenant_id = $1 AND id = ANY ($2::bigint[])";
constexpr const char* current_sql =
    "SELECT coalesce(array_agg(label_id ORDER BY label_id), '{}')::text FROM conversation_labels "
    "WHERE tenant_id = $1 AND conversation_id = $2";
constexpr const char* replace_sql =
    "WITH d AS (DELETE FROM conversation_labels WHERE tenant_id = $1 AND conversation_id = $2 "
    " AND NOT (label_id = ANY ($3::bigint[]))) "
    "INSERT INTO conversation_labels (tenant_id, conversation_id, label_id) "
    "SELECT $1, $2, x FROM unnest($3::bigint[]) x ON CONFLICT DO NOTHING";
constexpr const char* audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) VALUES ($1, 'user', $3, 'conversation', $2::text, 'conversation.labeled', "
    " jsonb_build_object('labels', $4::bigint[]), jsonb_build_object('labels', $5::bigint[]))";
constexpr const char* labels_of_sql =
    "SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) "
    " ORDER BY lower(l.name)), '[]')::text FROM conversation_labels cl "
    "JOIN labels l ON l.tenant_id = cl.tenant_id AND l.id = cl.label_id "
    "WHERE cl.tenant_id = $1 AND cl.conversation_id = $2";

constexpr const char* apply_categories_sql =
    "WITH d AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS x(t, c, cat)), "
    "i AS (INSERT INTO conversation_labels (tenant_id, conversation_id, label_id) "
    " SELECT DISTINCT d.t, d.c, l.id FROM d JOIN tenants tn ON tn.id = d.t AND tn.ai_labels "
    " JOIN labels l ON l.tenant_id = d.t AND lower(l.name) = lower(d.cat) "
    " ON CONFLICT DO NOTHING RETURNING tenant_id, conversation_id, label_id), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, entity_type, entity_id, action, after) "
    " SELECT i.tenant_id, 'ai', 'conversation', i.conversation_id::text, 'conversation.labeled', "
    " jsonb_build_object('added', i.label_id) FROM i) "
    // The labels each changed conversation has now: the ones it had (this statement's snapshot
    // does not see its own insert) and the ones just put on it.
    "SELECT c.t, c.c, (SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, "
    "  'color', l.color) ORDER BY lower(l.name)), '[]') FROM labels l "
    "  WHERE l.tenant_id = c.t AND l.id IN (SELECT label_id FROM conversation_labels cl "
    "   WHERE cl.tenant_id = c.t AND cl.conversation_id = c.c "
    "   UNION SELECT label_id FROM i WHERE i.tenant_id = c.t AND i.conversation_id = c.c))::text "
    "FROM (SELECT DISTINCT tenant_id AS t, conversation_id AS c FROM i) c";

}  // namespace

result<std::string> label_repo::list(int64_t tenant_id) {
  auto r = db_.exec(list_sql, {std::to_string(tenant_id)});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such tenant", "tenant_not_found");
  return r->str(0, 0);
}

result<std::string> label_repo::create(int64_t tenant_id, int64_t user_id, const std::string& name,
                                       const std::string& color) {
  auto r = db_.exec(create_sql, {std::to_string(tenant_id), std::to_string(user_id), name, color});
  if (!r && r.error().detail == "unique_violation") {
    return make_error(errc::conflict, "a label with this name exists", "label_taken");
  }
  if (!r) return r.error();
  return r->str(0, 0);
}

status label_repo::remove(int64_t tenant_id, int64_t user_id, int64_t id) {
  auto r = db_.exec(delete_sql,
                    {std::to_string(tenant_id), std::to_string(user_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return make_error(errc::not_found, "no such label", "label_not_found");
  return ok_status();
}

status label_repo::set_ai_labels(int64_t tenant_id, int64_t user_id, bool on) {
  auto r = db_.exec(ai_labels_sql, {std::to_string(tenant_id), std::to_string(user_id),
                                    std::string{on ? "true" : "false"}});
  if (!r) return r.error();
  return ok_status();
}

result<conversation_labels> label_repo::set_for_conversation(
    int64_t tenant_id, int64_t user_id, int64_t conversation_id,
    const std::vector<int64_t>& label_ids) {
  std::vector<int64_t> ids = label_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const auto tid = std::to_string(tenant_id);
  const auto cid = std::to_string(conversation_id);
  const auto wanted = int_array(ids);
  return in_transaction(db_, [&]() -> result<conversation_labels> {
    auto c = db_.exec(lock_conversation_sql, {tid, cid});
    if (!c) return c.error();
    if (c->rows() == 0) {
      return make_error(errc::not_found, "no such conversation", "conversation_not_found");
    }
    auto n = db_.exec(count_labels_sql, {tid, wanted});
    if (!n) return n.error();
    if (n->i64(0, 0) != static_cast<int64_t>(ids.size())) {
      return make_error(errc::not_found, "a label is not one of this tenant's labels",
                        "label_not_found");
    }
    auto before = db_.exec(current_sql, {tid, cid});
    if (!before) return before.error();
    conversation_labels out;
    out.changed = before->str(0, 0) != wanted;
    if (out.changed) {
      if (auto r = db_.exec(replace_sql, {tid, cid, wanted}); !r) return r.error();
      auto a = db_.exec(audit_sql, {tid, cid, std::to_string(user_id), before->str(0, 0), wanted});
      if (!a) return a.error();
    }
    auto now = db_.exec(labels_of_sql, {tid, cid});
    if (!now) return now.error();
    out.labels_json = now->str(0, 0);
    return out;
  });
}

result<std::vector<labeled_conversation>> label_repo::apply_categories(
    const std::vector<int64_t>& tenant_ids, const std::vector<int64_t>& conversation_ids,
    const std::vector<std::string>& categories) {
  std::vector<labeled_conversation> out;
  if (tenant_ids.empty()) return out;
  auto r = db_.exec_prepared(
      "ai_labels", apply_categories_sql,
      {int_array(tenant_ids), int_array(conversation_ids), text_array(categories)});
  if (!r) return r.error();
  for (int i = 0; i < r->rows(); ++i) out.push_back({r->i64(i, 0), r->i64(i, 1), r->str(i, 2)});
  return out;
}

}  // namespace centralita::storage
