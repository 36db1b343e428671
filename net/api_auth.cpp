#include "net/api_auth.hpp"

#include <cctype>
#include <exception>

#include "common/log.hpp"
#include "net/json_reply.hpp"
#include "storage/pg.hpp"

namespace centralita::net {

namespace {

// Tokens are a few hundred bytes; a header far longer is not one of ours.
constexpr size_t max_token = 4096;

}  // namespace

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

result<principal> authenticate(const request& req, std::string_view secret, int64_t now_s) {
  const std::string header = req.header("authorization");
  if (header.empty()) {
    return make_error(errc::unauthorized, "missing Authorization: Bearer token", "missing_token");
  }
  constexpr std::string_view scheme = "bearer ";
  bool bearer = header.size() > scheme.size();
  for (size_t i = 0; bearer && i < scheme.size(); ++i) {
    bearer = std::tolower(static_cast<unsigned char>(header[i])) == scheme[i];
  }
  if (!bearer) {
    return make_error(errc::unauthorized, "Authorization must be: Bearer <token>", "invalid_token");
  }
  std::string_view token{header};
  token.remove_prefix(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.size() > max_token)
    return make_error(errc::unauthorized, "invalid token: too long", "invalid_token");
  return verify_jwt(token, secret, now_s);
}

status require_admin(const principal& who) {
  if (who.role != "admin") {
    return make_error(errc::forbidden, "only an admin may do this", "forbidden");
  }
  return ok_status();
}

handler authenticated(std::shared_ptr<const api_env> env, api_handler h) {
  return [env = std::move(env), h = std::move(h)](const request& req, respond_fn respond) {
    auto who = authenticate(req, env->jwt_secret, unix_now());
    if (!who) {
      auto r = error_response(who.error());
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return respond(std::move(r));
    }
    h(req, *who, std::move(respond));
  };
}

handler admin_only(std::shared_ptr<const api_env> env, api_handler h) {
  return authenticated(std::move(env), [h = std::move(h)](const request& req, const principal& who,
                                                          respond_fn respond) {
    if (auto s = require_admin(who); !s) return respond(error_response(s.error()));
    h(req, who, std::move(respond));
  });
}

response sanitized(const error& e) {
  if (e.code == errc::internal) {
    log::error("api: {} ({})", e.message, e.detail);
    return error_response(errc::internal, "internal error", "internal");
  }
  if (e.code == errc::unavailable) {
    log::warn("api: {}", e.message);
    return error_response(errc::unavailable, "the database is unavailable; retry later",
                          "database_unavailable");
  }
  return error_response(e);
}

void answer_from_db(actors::node& node, respond_fn respond, db_answer job) {
  node.run_db([respond = std::move(respond), job = std::move(job)](
                  const std::optional<error>& failed, storage::pg_connection* db) {
    if (failed || db == nullptr) {
      return respond(sanitized(failed.value_or(make_error(errc::unavailable, "no connection"))));
    }
    try {
      auto out = job(*db);
      respond(out ? std::move(*out) : sanitized(out.error()));
    } catch (const std::exception& e) {
      // The job may have left a transaction open; the worker drops a broken connection, and a
      // healthy one must not carry an aborted transaction into the next job.
      db->rollback();
      log::error("api: database job threw: {}", e.what());
      respond(error_response(errc::internal, "internal error", "internal"));
    }
  });
}

}  // namespace centralita::net
