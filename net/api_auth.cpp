#include "net/api_auth.hpp"

#include <atomic>
#include <cctype>
#include <exception>

#include "common/log.hpp"
#include "net/json_reply.hpp"
#include "storage/pg.hpp"
#include "storage/user_repo.hpp"

namespace centralita::net {

namespace {

// Tokens are a few hundred bytes; a header far longer is not one of ours.
constexpr size_t max_token = 4096;

// The connection of the database job an authenticated handler runs in, while it runs: its
// answer_from_db() jobs run there at once (the same job as the session check).
thread_local storage::pg_connection* request_db = nullptr;

struct request_db_scope {
  explicit request_db_scope(storage::pg_connection& db) { request_db = &db; }
  ~request_db_scope() { request_db = nullptr; }
  request_db_scope(const request_db_scope&) = delete;
  request_db_scope& operator=(const request_db_scope&) = delete;
};

response unauthorized_response(const error& e) {
  auto r = error_response(e);
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

error session_ended(const char* why, const char* code) {
  return make_error(errc::unauthorized, why, code);
}

// Runs `job` on `db`, answering with its result; the caller holds the connection.
void run_job(storage::pg_connection& db, const respond_fn& respond, const db_answer& job) {
  try {
    auto out = job(db);
    respond(out ? std::move(*out) : sanitized(out.error()));
  } catch (const std::exception& e) {
    // The job may have left a transaction open; the worker drops a broken connection, and a
    // healthy one must not carry an aborted transaction into the next job.
    db.rollback();
    log::error("api: database job threw: {}", e.what());
    respond(error_response(errc::internal, "internal error", "internal"));
  }
}

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
  if (who.role != "admin" && who.role != "platform") {
    return make_error(errc::forbidden, "only an admin may do this", "forbidden");
  }
  return ok_status();
}

status require_supervisor(const principal& who) {
  if (who.role != "supervisor" && who.role != "admin" && who.role != "platform") {
    return make_error(errc::forbidden, "only a supervisor or an admin may do this", "forbidden");
  }
  return ok_status();
}

status require_platform(const principal& who) {
  if (who.role != "platform") {
    return make_error(errc::forbidden, "only the platform operator may do this", "forbidden");
  }
  return ok_status();
}

status check_session(storage::pg_connection& db, principal& who) {
  auto s = storage::user_repo{db}.session_of(who.tenant_id, who.user_id);
  if (!s && s.error().code == errc::not_found) {
    return session_ended("the token's user no longer exists", "invalid_token");
  }
  if (!s) return s.error();
  if (s->tenant_suspended) return session_ended("the tenant is suspended", "tenant_suspended");
  if (!s->active) return session_ended("the user is deactivated", "user_inactive");
  if (s->token_version != who.token_version) {
    return session_ended("the session was ended; sign in again", "session_ended");
  }
  who.role = s->role;
  return ok_status();
}

handler authenticated(std::shared_ptr<const api_env> env, api_handler h) {
  return [env = std::move(env), h = std::move(h)](const request& req, respond_fn respond) {
    auto who = authenticate(req, env->jwt_secret, unix_now());
    if (!who) return respond(unauthorized_response(who.error()));
    env->node.run_db([h, req, who = std::move(*who), respond = std::move(respond)](
                         const std::optional<error>& failed, storage::pg_connection* db) mutable {
      if (failed || db == nullptr) {
        return respond(sanitized(failed.value_or(make_error(errc::unavailable, "no connection"))));
      }
      if (auto s = check_session(*db, who); !s) {
        return respond(s.error().code == errc::unauthorized ? unauthorized_response(s.error())
                                                            : sanitized(s.error()));
      }
      // A handler that throws before it answers gets a 500, as a throwing route does.
      auto answered = std::make_shared<std::atomic<bool>>(false);
      respond_fn once = [answered, respond = std::move(respond)](response r) {
        if (!answered->exchange(true)) respond(std::move(r));
      };
      request_db_scope scope{*db};
      try {
        h(req, who, once);
      } catch (const std::exception& e) {
        db->rollback();
        log::error("api: handler threw: {}", e.what());
        once(error_response(errc::internal, "internal error", "internal"));
      }
    });
  };
}

handler admin_only(std::shared_ptr<const api_env> env, api_handler h) {
  return authenticated(std::move(env), [h = std::move(h)](const request& req, const principal& who,
                                                          respond_fn respond) {
    if (auto s = require_admin(who); !s) return respond(error_response(s.error()));
    h(req, who, std::move(respond));
  });
}

handler supervisor_only(std::shared_ptr<const api_env> env, api_handler h) {
  return authenticated(std::move(env), [h = std::move(h)](const request& req, const principal& who,
                                                          respond_fn respond) {
    if (auto s = require_supervisor(who); !s) return respond(error_response(s.error()));
    h(req, who, std::move(respond));
  });
}

handler platform_only(std::shared_ptr<const api_env> env, api_handler h) {
  return authenticated(std::move(env), [h = std::move(h)](const request& req, const principal& who,
                                                          respond_fn respond) {
    if (auto s = require_platform(who); !s) return respond(error_response(s.error()));
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
  if (request_db != nullptr) return run_job(*request_db, respond, job);
  node.run_db([respond = std::move(respond), job = std::move(job)](
                  const std::optional<error>& failed, storage::pg_connection* db) {
    if (failed || db == nullptr) {
      return respond(sanitized(failed.value_or(make_error(errc::unavailable, "no connection"))));
    }
    run_job(*db, respond, job);
  });
}

}  // namespace centralita::net
