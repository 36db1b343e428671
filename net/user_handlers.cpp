#include "net/user_handlers.hpp"

#include "common/log.hpp"
#include "common/password.hpp"
#include "net/api_codecs.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"
#include "net/user_input.hpp"
#include "storage/user_admin_repo.hpp"
#include "storage/user_repo.hpp"

namespace centralita::net {

namespace {

// `{"user": …, "set_password_url": …, "expires_in_hours": …}`: a user and the one-time link
// they set their password with.
response user_with_link(int status, const storage::user& u, const std::string& url) {
  json_builder j;
  j.begin_object().key("user");
  write_user(j, u);
  write_password_link(j, url);
  j.end_object();
  return json_response(status, j.str());
}

// Beyond this a capacity is a typo, not a workload.
constexpr int64_t max_capacity = 1000;

error no_such_user() { return make_error(errc::not_found, "no such user", "user_not_found"); }

error invalid_link() {
  return make_error(errc::invalid_input, "this link is invalid, used or expired", "invalid_link");
}

std::string user_json(const storage::user& u) {
  json_builder j;
  write_user(j, u);
  return j.str();
}

result<storage::new_user> parse_invitation(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"name", "email", "role"}); !s) return s.error();
  auto name = b->required_string("name");
  if (!name) return name.error();
  auto email = b->required_string("email");
  if (!email) return email.error();
  auto role = b->required_string("role");
  if (!role) return role.error();
  auto n = checked_name(*name, "name");
  if (!n) return n.error();
  auto e = checked_email(*email, "email");
  if (!e) return e.error();
  auto r = checked_role(*role);
  if (!r) return r.error();
  return storage::new_user{std::move(*n), std::move(*e), std::move(*r)};
}

result<storage::user_change> parse_change(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"name", "role", "active", "max_open_conversations"}); !s) {
    return s.error();
  }
  storage::user_change c;
  auto name = b->optional_string("name");
  if (!name) return name.error();
  if (*name) {
    auto n = checked_name(**name, "name");
    if (!n) return n.error();
    c.name = std::move(*n);
  }
  auto role = b->optional_string("role");
  if (!role) return role.error();
  if (*role) {
    auto r = checked_role(**role);
    if (!r) return r.error();
    c.role = std::move(*r);
  }
  auto active = b->optional_bool("active");
  if (!active) return active.error();
  c.active = *active;
  auto capacity = b->optional_id("max_open_conversations");
  if (!capacity) return capacity.error();
  if (*capacity) {
    if (**capacity > max_capacity) {
      return invalid_field("max_open_conversations",
                           "must be at most " + std::to_string(max_capacity));
    }
    c.max_open_conversations = static_cast<int>(**capacity);
  }
  if (!c.name && !c.role && !c.active && !c.max_open_conversations) {
    return make_error(errc::invalid_input,
                      "nothing to change: give name, role, active or max_open_conversations",
                      "missing_field");
  }
  return c;
}

void invite(const request& req, const principal& who, respond_fn respond,
            const std::shared_ptr<const api_env>& env) {
  auto u = parse_invitation(req.body);
  if (!u) return respond(error_response(u.error()));
  auto link = new_password_link();
  auto url = set_password_url(req, link.token);
  answer_from_db(
      env->node, std::move(respond),
      [who, u = std::move(*u), link, url](storage::pg_connection& db) -> result<response> {
        auto made =
            storage::user_admin_repo{db}.invite(who.tenant_id, who.user_id, u, link.token_hash);
        if (!made) return made.error();
        log::info("users: user {} invited user {} to tenant {}", who.user_id, made->id,
                  who.tenant_id);
        return user_with_link(201, *made, url);
      });
}

// A fresh link for an invited user whose link was lost or ran out; the old one stops working.
void resend_link(const request& req, const principal& who, respond_fn respond,
                 const std::shared_ptr<const api_env>& env) {
  auto id = parse_id(req.params.at("id"));
  if (!id) return respond(error_response(no_such_user()));
  auto link = new_password_link();
  auto url = set_password_url(req, link.token);
  answer_from_db(env->node, std::move(respond),
                 [who, id = *id, link, url](storage::pg_connection& db) -> result<response> {
                   auto target = storage::user_repo{db}.find(who.tenant_id, id);
                   if (!target) return target.error();
                   if (target->role == "platform") {
                     return make_error(errc::forbidden, "the platform operator is not managed here",
                                       "forbidden");
                   }
                   auto u = storage::user_admin_repo{db}.resend_link(who.tenant_id, who.user_id, id,
                                                                     link.token_hash);
                   if (!u) return u.error();
                   log::info("users: user {} sent user {} a new set-password link", who.user_id,
                             id);
                   return user_with_link(200, *u, url);
                 });
}

void change(const request& req, const principal& who, respond_fn respond,
            const std::shared_ptr<const api_env>& env) {
  auto id = parse_id(req.params.at("id"));
  if (!id) return respond(error_response(no_such_user()));
  auto c = parse_change(req.body);
  if (!c) return respond(error_response(c.error()));
  // An admin who demotes or deactivates themselves could leave the tenant without one.
  if (*id == who.user_id && ((c->role && *c->role != who.role) || (c->active && !*c->active))) {
    return respond(error_response(
        errc::conflict, "you cannot change your own role or deactivate yourself", "self_change"));
  }
  answer_from_db(
      env->node, std::move(respond),
      [env, who, id = *id, c = std::move(*c)](storage::pg_connection& db) -> result<response> {
        auto target = storage::user_repo{db}.find(who.tenant_id, id);
        if (!target) return target.error();
        if (target->role == "platform") {
          return make_error(errc::forbidden, "the platform operator is not managed here",
                            "forbidden");
        }
        auto u = storage::user_admin_repo{db}.change(who.tenant_id, who.user_id, id, c);
        if (!u) return u.error();
        if (!u->active) env->access->end_user_sessions(who.tenant_id, id);
        return json_response(200, user_json(*u));
      });
}

void set_password(const request& req, respond_fn respond,
                  const std::shared_ptr<const api_env>& env) {
  auto b = json_body::parse(req.body);
  if (!b) return respond(error_response(b.error()));
  if (auto s = b->only({"token", "password"}); !s) return respond(error_response(s.error()));
  auto token = b->required_string("token");
  if (!token) return respond(error_response(token.error()));
  auto password = b->required_string("password");
  if (!password) return respond(error_response(password.error()));
  if (auto s = checked_password(*password, "password"); !s) {
    return respond(error_response(s.error()));
  }
  if (token->size() != 64) return respond(error_response(invalid_link()));
  answer_from_db(env->node, std::move(respond),
                 [env, hash = password_link_hash(*token),
                  password = std::move(*password)](storage::pg_connection& db) -> result<response> {
                   storage::user_admin_repo users{db};
                   auto usable = users.password_link_usable(hash);
                   if (!usable) return usable.error();
                   if (!*usable) return invalid_link();
                   // Argon2 runs on the database worker, never on the I/O thread.
                   auto u = users.use_password_link(hash, hash_password(password));
                   if (!u) return u.error();
                   env->access->end_user_sessions(u->tenant_id, u->id);
                   log::info("users: user {} of tenant {} set a password by link", u->id,
                             u->tenant_id);
                   json_builder j;
                   j.begin_object().key("user");
                   write_user(j, *u);
                   j.end_object();
                   return json_response(200, j.str());
                 });
}

void change_own_password(const request& req, const principal& who, respond_fn respond,
                         const std::shared_ptr<const api_env>& env,
                         const std::shared_ptr<const login_limiter>& limits) {
  auto b = json_body::parse(req.body);
  if (!b) return respond(error_response(b.error()));
  if (auto s = b->only({"current", "new"}); !s) return respond(error_response(s.error()));
  auto current = b->required_string("current");
  if (!current) return respond(error_response(current.error()));
  auto fresh = b->required_string("new");
  if (!fresh) return respond(error_response(fresh.error()));
  if (current->empty() || current->size() > max_password) {
    return respond(error_response(invalid_field("current", "must be the current password")));
  }
  if (auto s = checked_password(*fresh, "new"); !s) return respond(error_response(s.error()));
  const std::string ip = req.remote_address;
  answer_from_db(env->node, std::move(respond),
                 [who, limits, ip, current = std::move(*current),
                  fresh = std::move(*fresh)](storage::pg_connection& db) -> result<response> {
                   auto attempt = limits->begin(db, who.email, ip);
                   if (!attempt) return attempt.error();
                   if (attempt->wait_s > 0) {
                     return too_many_attempts(attempt->wait_s, "wrong passwords");
                   }
                   storage::user_admin_repo users{db};
                   auto stored = users.password_hash(who.tenant_id, who.user_id);
                   if (!stored) {
                     limits->abandoned(db, *attempt);
                     return stored.error();
                   }
                   if (stored->empty() || !verify_password(*stored, current)) {
                     log::info("users: user {} gave a wrong current password", who.user_id);
                     return make_error(errc::forbidden, "the current password is wrong",
                                       "wrong_password");
                   }
                   limits->succeeded(db, who.email, *attempt);
                   auto s = users.change_password(who.tenant_id, who.user_id, hash_password(fresh));
                   if (!s) return s.error();
                   return json_response(200, R"({"changed":true})");
                 });
}

void logout_all(const principal& who, respond_fn respond,
                const std::shared_ptr<const api_env>& env) {
  answer_from_db(env->node, std::move(respond),
                 [env, who](storage::pg_connection& db) -> result<response> {
                   auto s = storage::user_admin_repo{db}.end_sessions(who.tenant_id, who.user_id);
                   if (!s) return s.error();
                   env->access->end_user_sessions(who.tenant_id, who.user_id);
                   log::info("users: user {} signed out everywhere", who.user_id);
                   return json_response(200, R"({"signed_out":true})");
                 });
}

}  // namespace

void add_user_routes(router& routes, const std::shared_ptr<const api_env>& env,
                     const std::shared_ptr<const login_limiter>& limits) {
  routes.add("POST", "/api/v1/users",
             admin_only(env, [env](const request& req, const principal& who, respond_fn respond) {
               invite(req, who, std::move(respond), env);
             }));
  routes.add("PATCH", "/api/v1/users/{id}",
             admin_only(env, [env](const request& req, const principal& who, respond_fn respond) {
               change(req, who, std::move(respond), env);
             }));
  routes.add("POST", "/api/v1/users/{id}/set-password-link",
             admin_only(env, [env](const request& req, const principal& who, respond_fn respond) {
               resend_link(req, who, std::move(respond), env);
             }));
  routes.add("POST", "/api/v1/auth/set-password", [env](const request& req, respond_fn respond) {
    set_password(req, std::move(respond), env);
  });
  routes.add("POST", "/api/v1/me/password",
             authenticated(
                 env, [env, limits](const request& req, const principal& who, respond_fn respond) {
                   change_own_password(req, who, std::move(respond), env, limits);
                 }));
  routes.add("POST", "/api/v1/auth/logout-all",
             authenticated(env, [env](const request&, const principal& who, respond_fn respond) {
               logout_all(who, std::move(respond), env);
             }));
}

}  // namespace centralita::net
