#include "storage/user_admin_repo.hpp"

#include "common/json_text.hpp"
#include "storage/audit_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* email_in_use_sql = "SELECT 1 FROM users WHERE email = $1";
constexpr const char* insert_user_sql =
    "INSERT INTO users (tenant_id, email, name, role, password_hash) "
    "VALUES ($1, $2, $3, $4, '') RETURNING id";
constexpr const char* insert_link_sql =
    "INSERT INTO password_tokens (token_hash, tenant_id, user_id, created_by, expires_at) "
    "VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5::int))";
constexpr const char* lock_user_sql =
    "SELECT name, role, active, max_open_conversations FROM users "
    "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
// A deactivated user is offline (gets no new conversations) and its tokens are outdated.
constexpr const char* update_user_sql =
    "UPDATE users SET name = $3, role = $4, active = $5, max_open_conversations = $6, "
    " online = online AND $5, token_version = token_version + $7 "
    "WHERE tenant_id = $1 AND id = $2";
// Single use and expiry are decided by this one statement, so two uses of a link race safely.
constexpr const char* use_link_sql =
    "UPDATE password_tokens p SET used_at = now() FROM users u JOIN tenants t ON t.id = "
    "u.tenant_id "
    "WHERE p.token_hash = $1 AND p.used_at IS NULL AND p.expires_at > now() "
    " AND u.tenant_id = p.tenant_id AND u.id = p.user_id AND u.active AND t.suspended_at IS NULL "
    "RETURNING p.tenant_id, p.user_id";
constexpr const char* link_usable_sql =
    "SELECT 1 FROM password_tokens p JOIN users u ON u.tenant_id = p.tenant_id AND u.id = "
    "p.user_id JOIN tenants t ON t.id = u.tenant_id "
    "WHERE p.token_hash = $1 AND p.used_at IS NULL AND p.expires_at > now() AND u.active "
    " AND t.suspended_at IS NULL";
constexpr const char* set_password_sql =
    "UPDATE users SET password_hash = $3, token_version = token_version + 1 "
    "WHERE tenant_id = $1 AND id = $2";
// A link used, or a password changed, makes the user's other links worthless.
constexpr const char* retire_links_sql =
    "UPDATE password_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL";
constexpr const char* lock_invited_sql =
    "SELECT password_hash <> '', active FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* password_hash_sql =
    "SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2";
constexpr const char* change_password_sql =
    "UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2";
constexpr const char* end_sessions_sql =
    "UPDATE users SET token_version = token_version + 1 WHERE tenant_id = $1 AND id = $2";

error no_such_user() { return make_error(errc::not_found, "no such user", "user_not_found"); }

error email_taken() {
  return make_error(errc::conflict, "a user with this e-mail already exists", "email_taken");
}

struct user_fields {
  std::string name;
  std::string role;
  bool active = true;
  int max_open_conversations = 20;

  bool operator==(const user_fields& o) const {
    return name == o.name && role == o.role && active == o.active &&
           max_open_conversations == o.max_open_conversations;
  }
};

std::string fields_json(const user_fields& f) {
  return "{\"name\":" + json_string(f.name) + ",\"role\":" + json_string(f.role) +
         ",\"active\":" + (f.active ? "true" : "false") +
         ",\"max_open_conversations\":" + std::to_string(f.max_open_conversations) + "}";
}

status audit(pg_connection& db, int64_t tenant_id, int64_t by, int64_t user_id, const char* action,
             std::optional<std::string> before, std::optional<std::string> after) {
  return audit_repo{db}.append({tenant_id, actor::user(by), "user", std::to_string(user_id), action,
                                std::move(before), std::move(after)});
}

// Runs an UPDATE of one user; errc::not_found when it touched none.
status update_one(pg_connection& db, const char* sql, const std::vector<param>& params) {
  auto r = db.exec(sql, params);
  if (!r) return r.error();
  if (r->affected() == 0) return no_such_user();
  return ok_status();
}

}  // namespace

result<int64_t> user_admin_repo::insert_invited(int64_t tenant_id, const new_user& u,
                                                const std::string& token_hash,
                                                std::optional<int64_t> by) {
  auto in_use = db_.exec(email_in_use_sql, {u.email});
  if (!in_use) return in_use.error();
  if (in_use->rows() > 0) return email_taken();
  const std::string tid = std::to_string(tenant_id);
  auto r = db_.exec(insert_user_sql, {tid, u.email, u.name, u.role});
  // Another invitation of the same e-mail may have won the race since the check.
  if (!r && r.error().code == errc::conflict) return email_taken();
  if (!r) return r.error();
  const int64_t id = r->i64(0, 0);
  param creator = by ? param{std::to_string(*by)} : param{};
  auto link = db_.exec(insert_link_sql, {token_hash, tid, std::to_string(id), creator,
                                         std::to_string(password_link_hours)});
  if (!link) return link.error();
  return id;
}

result<user> user_admin_repo::invite(int64_t tenant_id, int64_t by, const new_user& u,
                                     const std::string& token_hash) {
  auto id = in_transaction(db_, [&]() -> result<int64_t> {
    auto id = insert_invited(tenant_id, u, token_hash, by);
    if (!id) return id;
    auto after = "{\"name\":" + json_string(u.name) + ",\"email\":" + json_string(u.email) +
                 ",\"role\":" + json_string(u.role) + "}";
    if (auto s = audit(db_, tenant_id, by, *id, "user.invited", std::nullopt, after); !s) {
      return s.error();
    }
    return id;
  });
  if (!id) return id.error();
  return user_repo{db_}.find(tenant_id, *id);
}

result<user> user_admin_repo::resend_link(int64_t tenant_id, int64_t by, int64_t id,
                                          const std::string& token_hash) {
  const std::string tid = std::to_string(tenant_id);
  const std::string uid = std::to_string(id);
  auto done = in_transaction(db_, [&]() -> status {
    auto r = db_.exec(lock_invited_sql, {tid, uid});
    if (!r) return r.error();
    if (r->rows() == 0) return no_such_user();
    if (r->boolean(0, 0)) {
      return make_error(errc::conflict, "the user has set a password already; they can sign in",
                        "password_already_set");
    }
    if (!r->boolean(0, 1)) {
      return make_error(errc::conflict, "the user is deactivated: reactivate them first",
                        "user_inactive");
    }
    if (auto old = db_.exec(retire_links_sql, {uid}); !old) return old.error();
    auto link = db_.exec(insert_link_sql, {token_hash, tid, uid, std::to_string(by),
                                           std::to_string(password_link_hours)});
    if (!link) return link.error();
    return audit(db_, tenant_id, by, id, "user.password_link_sent", std::nullopt, std::nullopt);
  });
  if (!done) return done.error();
  return user_repo{db_}.find(tenant_id, id);
}

result<user> user_admin_repo::change(int64_t tenant_id, int64_t by, int64_t id,
                                     const user_change& c) {
  const std::string tid = std::to_string(tenant_id);
  const std::string uid = std::to_string(id);
  auto done = in_transaction(db_, [&]() -> status {
    auto r = db_.exec(lock_user_sql, {tid, uid});
    if (!r) return r.error();
    if (r->rows() == 0) return no_such_user();
    const user_fields before{r->str(0, 0), r->str(0, 1), r->boolean(0, 2),
                             static_cast<int>(r->i64(0, 3))};
    user_fields after = before;
    if (c.name) after.name = *c.name;
    if (c.role) after.role = *c.role;
    if (c.active) after.active = *c.active;
    if (c.max_open_conversations) after.max_open_conversations = *c.max_open_conversations;
    if (after == before) return ok_status();
    const bool deactivated = before.active && !after.active;
    auto s = update_one(db_, update_user_sql,
                        {tid, uid, after.name, after.role, after.active ? "true" : "false",
                         std::to_string(after.max_open_conversations), deactivated ? "1" : "0"});
    if (!s) return s;
    return audit(db_, tenant_id, by, id, "user.updated", fields_json(before), fields_json(after));
  });
  if (!done) return done.error();
  return user_repo{db_}.find(tenant_id, id);
}

result<user> user_admin_repo::use_password_link(const std::string& token_hash,
                                                const std::string& password_hash) {
  auto who = in_transaction(db_, [&]() -> result<std::pair<int64_t, int64_t>> {
    auto r = db_.exec(use_link_sql, {token_hash});
    if (!r) return r.error();
    if (r->rows() == 0) {
      return make_error(errc::invalid_input, "this link is invalid, used or expired",
                        "invalid_link");
    }
    const int64_t tenant_id = r->i64(0, 0), id = r->i64(0, 1);
    const std::string tid = std::to_string(tenant_id), uid = std::to_string(id);
    if (auto s = update_one(db_, set_password_sql, {tid, uid, password_hash}); !s) {
      return s.error();
    }
    if (auto x = db_.exec(retire_links_sql, {uid}); !x) return x.error();
    if (auto s = audit(db_, tenant_id, id, id, "user.password_set", std::nullopt, std::nullopt);
        !s) {
      return s.error();
    }
    return std::pair{tenant_id, id};
  });
  if (!who) return who.error();
  return user_repo{db_}.find(who->first, who->second);
}

result<bool> user_admin_repo::password_link_usable(const std::string& token_hash) {
  auto r = db_.exec(link_usable_sql, {token_hash});
  if (!r) return r.error();
  return r->rows() > 0;
}

result<std::string> user_admin_repo::password_hash(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(password_hash_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_user();
  return r->str(0, 0);
}

status user_admin_repo::change_password(int64_t tenant_id, int64_t id,
                                        const std::string& password_hash) {
  const std::string tid = std::to_string(tenant_id), uid = std::to_string(id);
  return in_transaction(db_, [&]() -> status {
    if (auto s = update_one(db_, change_password_sql, {tid, uid, password_hash}); !s) return s;
    if (auto x = db_.exec(retire_links_sql, {uid}); !x) return x.error();
    return audit(db_, tenant_id, id, id, "user.password_changed", std::nullopt, std::nullopt);
  });
}

status user_admin_repo::end_sessions(int64_t tenant_id, int64_t id) {
  const std::string tid = std::to_string(tenant_id), uid = std::to_string(id);
  return in_transaction(db_, [&]() -> status {
    if (auto s = update_one(db_, end_sessions_sql, {tid, uid}); !s) return s;
    return audit(db_, tenant_id, id, id, "user.sessions_ended", std::nullopt, std::nullopt);
  });
}

}  // namespace centralita::storage
