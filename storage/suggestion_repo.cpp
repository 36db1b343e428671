#include "storage/suggestion_repo.hpp"

#include <algorithm>

#include "storage/outbound_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* columns =
    "s.id, s.conversation_id, s.message_id, s.text, s.final_text, s.status, s.category, "
    "s.confidence, s.reason, s.decided_by, rfc3339(s.decided_at), s.reject_reason, "
    "s.sent_message_id, rfc3339(s.created_at), cu.name, s.reason_code, "
    "coalesce(s.reason_params, '{}')::text ";
constexpr const char* from =
    "FROM suggestions s JOIN conversations c ON c.tenant_id = s.tenant_id AND c.id = "
    "s.conversation_id JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = "
    "c.customer_id ";

const std::string find_sql =
    std::string{"SELECT "} + columns + from + "WHERE s.tenant_id = $1 AND s.id = $2";
const std::string list_sql =
    std::string{"SELECT "} + columns + from +
    "WHERE s.tenant_id = $1 AND (cardinality($2::text[]) = 0 OR s.status = ANY($2::text[])) "
    " AND ($3::bigint IS NULL OR s.conversation_id = $3) "
    " AND ($4::bigint IS NULL OR s.id < $4) "
    "ORDER BY s.id DESC LIMIT $5";

constexpr const char* lock_sql =
    "SELECT status, text, conversation_id FROM suggestions "
    "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* approve_sql =
    "UPDATE suggestions SET status = 'approved', final_text = $3, decided_by = $4, "
    " decided_at = now(), sent_message_id = $5 WHERE tenant_id = $1 AND id = $2";
constexpr const char* reject_sql =
    "UPDATE suggestions SET status = 'rejected', reject_reason = $3, decided_by = $4, "
    " decided_at = now() WHERE tenant_id = $1 AND id = $2";
constexpr const char* audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) "
    "VALUES ($1, 'user', $2, 'suggestion', $3, $4, "
    " jsonb_build_object('status', $10::text, 'text', $5::text), "
    " jsonb_build_object('status', $6::text, 'final_text', $7::text, 'reject_reason', $8::text, "
    "   'message_id', $9::bigint))";

template <class T>
std::optional<T> opt(const pg_result& r, int row, int col, T (*read)(const pg_result&, int, int)) {
  if (r.is_null(row, col)) return std::nullopt;
  return read(r, row, col);
}

int64_t read_i64(const pg_result& r, int row, int col) { return r.i64(row, col); }
std::string read_str(const pg_result& r, int row, int col) { return r.str(row, col); }
double read_f64(const pg_result& r, int row, int col) { return std::stod(r.str(row, col)); }

suggestion read_suggestion(const pg_result& r, int i) {
  suggestion s;
  s.id = r.i64(i, 0);
  s.conversation_id = r.i64(i, 1);
  s.message_id = opt(r, i, 2, read_i64);
  s.text = r.str(i, 3);
  s.final_text = opt(r, i, 4, read_str);
  s.status = r.str(i, 5);
  s.category = opt(r, i, 6, read_str);
  s.confidence = opt(r, i, 7, read_f64);
  s.reason = opt(r, i, 8, read_str);
  s.decided_by = opt(r, i, 9, read_i64);
  s.decided_at = opt(r, i, 10, read_str);
  s.reject_reason = opt(r, i, 11, read_str);
  s.sent_message_id = opt(r, i, 12, read_i64);
  s.created_at = r.str(i, 13);
  s.customer_name = r.str(i, 14);
  s.reason_code = opt(r, i, 15, read_str);
  s.reason_params_json = r.str(i, 16);
  return s;
}

param text_param(const std::optional<std::string>& v) { return v; }

// Locks an undecided suggestion: errc::not_found, errc::conflict once decided, and for a
// superseded one unless `superseded_ok` (the agent confirmed).
result<pg_result> lock_pending(pg_connection& db, const std::string& tid, const std::string& sid,
                               bool superseded_ok) {
  auto locked = db.exec(lock_sql, {tid, sid});
  if (!locked) return locked.error();
  if (locked->rows() == 0) {
    return make_error(errc::not_found, "no such suggestion", "suggestion_not_found");
  }
  const std::string status = locked->str(0, 0);
  if (status == "superseded" && !superseded_ok) {
    return make_error(errc::conflict,
                      "the customer wrote again after this draft: confirm to send it anyway",
                      "superseded");
  }
  if (status != "pending" && status != "superseded") {
    return make_error(errc::conflict, "the suggestion was already " + locked->str(0, 0),
                      "suggestion_decided");
  }
  return locked;
}

}  // namespace

result<suggestion_page> suggestion_repo::list(int64_t tenant_id, const suggestion_filter& f) {
  const int limit = std::clamp(f.limit, 1, 200);
  param conv, before;
  if (f.conversation_id) conv = std::to_string(*f.conversation_id);
  if (f.before_id) before = std::to_string(*f.before_id);
  auto r = db_.exec(list_sql.c_str(), {std::to_string(tenant_id), text_array(f.statuses), conv,
                                       before, std::to_string(limit + 1)});
  return read_page<suggestion_page>(r, limit, read_suggestion);
}

result<suggestion> suggestion_repo::find(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(find_sql.c_str(), {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such suggestion", "suggestion_not_found");
  }
  return read_suggestion(*r, 0);
}

result<suggestion> suggestion_repo::approve(int64_t tenant_id, int64_t id, int64_t user_id,
                                            const std::optional<std::string>& edited,
                                            bool confirmed) {
  const std::string tid = std::to_string(tenant_id);
  const std::string sid = std::to_string(id);
  const std::string uid = std::to_string(user_id);
  auto done = in_transaction(db_, [&]() -> status {
    auto locked = lock_pending(db_, tid, sid, confirmed);
    if (!locked) return locked.error();
    const std::string draft = locked->str(0, 1);
    const std::string text = edited.value_or(draft);
    auto message = outbound_repo{db_}.enqueue_reply_within(
        {tenant_id, locked->i64(0, 2), "agent", user_id, text, std::nullopt, std::nullopt});
    if (!message) return message.error();
    const std::string mid = std::to_string(message->message.id);
    if (auto r = db_.exec(approve_sql, {tid, sid, text, uid, mid}); !r) return r.error();
    auto a =
        db_.exec(audit_sql, {tid, uid, sid, std::string{"suggestion.approved"}, draft,
                             std::string{"approved"}, text, std::nullopt, mid, locked->str(0, 0)});
    if (!a) return a.error();
    return ok_status();
  });
  if (!done) return done.error();
  return find(tenant_id, id);
}

result<suggestion> suggestion_repo::reject(int64_t tenant_id, int64_t id, int64_t user_id,
                                           const std::optional<std::string>& reason) {
  const std::string tid = std::to_string(tenant_id);
  const std::string sid = std::to_string(id);
  const std::string uid = std::to_string(user_id);
  auto done = in_transaction(db_, [&]() -> status {
    auto locked = lock_pending(db_, tid, sid, true);
    if (!locked) return locked.error();
    if (auto r = db_.exec(reject_sql, {tid, sid, text_param(reason), uid}); !r) return r.error();
    auto a = db_.exec(audit_sql, {tid, uid, sid, std::string{"suggestion.rejected"},
                                  locked->str(0, 1), std::string{"rejected"}, std::nullopt,
                                  text_param(reason), std::nullopt, locked->str(0, 0)});
    if (!a) return a.error();
    return ok_status();
  });
  if (!done) return done.error();
  return find(tenant_id, id);
}

}  // namespace centralita::storage
