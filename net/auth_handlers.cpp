#include "net/auth_handlers.hpp"

#include "common/log.hpp"
#include "common/password.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/user_input.hpp"
#include "storage/user_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_email = 254;  // RFC 5321's limit on a path

struct credentials {
  std::string email;
  std::string password;
};

result<credentials> parse_credentials(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"email", "password"}); !s) return s.error();
  auto email = b->required_string("email");
  if (!email) return email.error();
  auto password = b->required_string("password");
  if (!password) return password.error();
  credentials c{normalize_email(*email), std::move(*password)};
  if (c.email.empty()) return invalid_field("email", "must not be empty");
  if (c.email.size() > max_email) return invalid_field("email", "is too long");
  if (c.password.empty()) return invalid_field("password", "must not be empty");
  if (c.password.size() > max_password) return invalid_field("password", "is too long");
  return c;
}

// An unknown e-mail is checked against this hash, so that it costs what a wrong password costs
// and the answer's timing does not tell which e-mails exist. Made on first use (Argon2, slow).
const std::string& dummy_hash() {
  static const std::string hash = hash_password("centralita: no such user");
  return hash;
}

result<response> check_login(storage::pg_connection& db, const api_env& env,
                             const login_limiter& limits, const credentials& c,
                             const std::string& ip) {
  auto attempt = limits.begin(db, c.email, ip);
  if (!attempt) return attempt.error();
  if (attempt->wait_s > 0) {
    log::warn("auth: login attempts from {} are rate-limited", ip);
    return too_many_attempts(attempt->wait_s, "failed logins");
  }
  auto found = storage::user_repo{db}.find_by_email(c.email);
  if (!found && found.error().code != errc::not_found) {
    limits.abandoned(db, *attempt);
    return found.error();
  }
  // Argon2 runs here, on the database worker: tens of milliseconds the I/O thread must not wait.
  // An invited user without a password yet costs the same as an unknown e-mail.
  const bool has_hash = found && !found->password_hash.empty();
  const bool valid = has_hash ? verify_password(found->password_hash, c.password)
                              : (verify_password(dummy_hash(), c.password), false);
  if (!valid) {
    log::info("auth: failed login from {}", ip);
    return make_error(errc::unauthorized, "wrong email or password", "invalid_credentials");
  }
  limits.succeeded(db, c.email, *attempt);
  const auto& u = found->user;
  // Told only to whoever knows the password: the account exists but may not sign in.
  if (found->tenant_suspended) {
    log::info("auth: user {} of suspended tenant {} refused", u.id, u.tenant_id);
    return make_error(errc::unauthorized, "this company's access is suspended", "tenant_suspended");
  }
  if (!u.active) {
    log::info("auth: deactivated user {} refused", u.id);
    return make_error(errc::unauthorized, "this user is deactivated", "user_inactive");
  }
  const int64_t now = unix_now();
  principal who{
      u.id, u.tenant_id, u.role, u.email, now + env.token_ttl.count(), found->token_version};
  json_builder j;
  j.begin_object()
      .field("token", sign_jwt(who, env.jwt_secret, now, env.token_ttl.count()))
      .field("expires_at", who.expires_at)
      .key("user");
  write_user(j, u);
  j.end_object();
  log::info("auth: user {} of tenant {} signed in", u.id, u.tenant_id);
  return json_response(200, j.str());
}

void login(const request& req, respond_fn respond, const std::shared_ptr<const api_env>& env,
           const std::shared_ptr<const login_limiter>& limits) {
  auto c = parse_credentials(req.body);
  if (!c) return respond(error_response(c.error()));
  const std::string ip = req.remote_address;
  answer_from_db(env->node, std::move(respond),
                 [env, limits, creds = std::move(*c), ip](storage::pg_connection& db) {
                   return check_login(db, *env, *limits, creds, ip);
                 });
}

// {"online": true|false}, the one field a user changes about themselves.
result<bool> parse_online(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"online"}); !s) return s.error();
  auto online = b->optional_bool("online");
  if (!online) return online.error();
  if (!*online) {
    return make_error(errc::invalid_input, "nothing to change: give online", "missing_field");
  }
  return **online;
}

}  // namespace

void add_auth_routes(router& routes, const std::shared_ptr<const api_env>& env,
                     const std::shared_ptr<const login_limiter>& limits) {
  routes.add("POST", "/api/v1/auth/login", [env, limits](const request& req, respond_fn respond) {
    login(req, std::move(respond), env, limits);
  });
  routes.add("GET", "/api/v1/me",
             db_route(authenticated, env, [](storage::pg_connection& db, const principal& who) {
               return json_answer(200, storage::user_repo{db}.find(who.tenant_id, who.user_id),
                                  write_user);
             }));
  // The user's availability: only users who are online get new conversations assigned.
  routes.add(
      "PATCH", "/api/v1/me",
      input_route(
          authenticated, env, parse_online,
          [env](storage::pg_connection& db, const principal& who, bool on) -> result<response> {
            auto u = storage::user_repo{db}.set_online(who.tenant_id, who.user_id, on);
            if (!u) return u.error();
            env->node.publish(who.tenant_id, "presence.changed",
                              "{\"user_id\":" + std::to_string(who.user_id) +
                                  ",\"online\":" + (on ? "true" : "false") + "}");
            return json_response(200, json_text(*u, write_user));
          }));
  routes.add("GET", "/api/v1/users",
             db_route(authenticated, env, [](storage::pg_connection& db, const principal& who) {
               return items_answer(storage::user_repo{db}.list(who.tenant_id), write_user);
             }));
}

}  // namespace centralita::net
