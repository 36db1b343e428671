#include "storage/canned_repo.hpp"

namespace centralita::storage {

namespace {

#define CENTRALITA_CANNED_JSON                                                           \
  "json_build_object('id', c.id, 'shortcut', c.shortcut, 'text', c.text, 'created_at', " \
  "rfc3339(c.created_at), 'updated_at', rfc3339(c.updated_at))::text"

constexpr const char* list_sql =
    "SELECT json_build_object('items', coalesce(json_agg(" CENTRALITA_CANNED_JSON
    "::json ORDER BY c.shortcut), '[]'))::text FROM canned_responses c WHERE c.tenant_id = $1";

constexpr const char* create_sql =
    "WITH c AS (INSERT INTO canned_responses (tenant_id, shortcut, text) VALUES ($1, $3, $4) "
    " RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, after) SELECT $1, 'user', $2, 'canned_response', c.id::text, "
    " 'canned_response.created', jsonb_build_object('shortcut', c.shortcut, 'text', c.text) "
    " FROM c) "
    "SELECT " CENTRALITA_CANNED_JSON " FROM c";

constexpr const char* update_sql =
    "WITH old AS (SELECT * FROM canned_responses WHERE tenant_id = $1 AND id = $3 FOR UPDATE), "
    "c AS (UPDATE canned_responses n SET shortcut = coalesce($4, n.shortcut), "
    " text = coalesce($5, n.text), updated_at = now() FROM old "
    " WHERE n.tenant_id = $1 AND n.id = old.id RETURNING n.*), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, before, after) SELECT $1, 'user', $2, 'canned_response', c.id::text, "
    " 'canned_response.updated', jsonb_build_object('shortcut', old.shortcut, 'text', old.text), "
    " jsonb_build_object('shortcut', c.shortcut, 'text', c.text) FROM c, old) "
    "SELECT " CENTRALITA_CANNED_JSON " FROM c";

constexpr const char* delete_sql =
    "WITH c AS (DELETE FROM canned_responses WHERE tenant_id = $1 AND id = $3 RETURNING *), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    " action, before) SELECT $1, 'user', $2, 'canned_response', c.id::text, "
    " 'canned_response.deleted', jsonb_build_object('shortcut', c.shortcut, 'text', c.text) "
    " FROM c) "
    "SELECT id FROM c";

#undef CENTRALITA_CANNED_JSON

error no_such_reply() {
  return make_error(errc::not_found, "no such canned response", "canned_response_not_found");
}

error taken(const error& e) {
  if (e.detail != "unique_violation") return e;
  return make_error(errc::conflict, "a canned response with this shortcut exists",
                    "shortcut_taken");
}

}  // namespace

result<std::string> canned_repo::list(int64_t tenant_id) {
  auto r = db_.exec(list_sql, {std::to_string(tenant_id)});
  if (!r) return r.error();
  return r->str(0, 0);
}

result<std::string> canned_repo::create(int64_t tenant_id, int64_t user_id,
                                        const canned_fields& f) {
  auto r = db_.exec(create_sql, {std::to_string(tenant_id), std::to_string(user_id),
                                 f.shortcut.value_or(""), f.text.value_or("")});
  if (!r) return taken(r.error());
  return r->str(0, 0);
}

result<std::string> canned_repo::update(int64_t tenant_id, int64_t user_id, int64_t id,
                                        const canned_fields& f) {
  auto r = db_.exec(update_sql, {std::to_string(tenant_id), std::to_string(user_id),
                                 std::to_string(id), f.shortcut, f.text});
  if (!r) return taken(r.error());
  if (r->rows() == 0) return no_such_reply();
  return r->str(0, 0);
}

status canned_repo::remove(int64_t tenant_id, int64_t user_id, int64_t id) {
  auto r = db_.exec(delete_sql,
                    {std::to_string(tenant_id), std::to_string(user_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_reply();
  return ok_status();
}

}  // namespace centralita::storage
