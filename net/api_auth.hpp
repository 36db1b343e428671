#pragma once
// The agents' API around its handlers: who is calling (a bearer JWT, whose tenant is the only
// tenant a request can touch), what the role may do, and running a handler's database work on
// a database worker, never on the I/O thread.
//
// Sessions end when access ends (docs/architecture.md, invariant 12): the JWT alone does not
// let a request through. authenticated() checks the token's user on a database worker (one
// primary-key look-up: active, token version, tenant not suspended, current role) and then runs
// the handler on that worker; answer_from_db() called by the handler there runs its job on the
// same connection, in the same database job, so a deactivated user's next request is a 401
// without a second trip through the worker queue.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "actors/node.hpp"
#include "common/result.hpp"
#include "net/access_control.hpp"
#include "net/http_types.hpp"
#include "net/jwt.hpp"

namespace centralita::storage {
class pg_connection;
}

namespace centralita::net {

/// What every API handler may use; lives as long as the server.
struct api_env {
  actors::node& node;
  std::string jwt_secret;
  std::chrono::seconds token_ttl{std::chrono::hours(12)};
  /// Open sockets and suspended tenants, to end access at once (never null).
  std::shared_ptr<access_control> access = std::make_shared<access_control>();
};

/// A handler of a route that needs a signed-in user.
using api_handler = std::function<void(const request&, const principal&, respond_fn)>;

/// The principal of `Authorization: Bearer <jwt>`; errc::unauthorized when the header is
/// missing or the token is malformed, forged or expired.
result<principal> authenticate(const request& req, std::string_view secret, int64_t now_s);

/// errc::forbidden unless the principal is an admin of its tenant (or the platform operator,
/// who is the admin of its own).
status require_admin(const principal& who);

/// errc::forbidden unless the principal is a supervisor or an admin of its tenant (or the
/// platform operator).
status require_supervisor(const principal& who);

/// errc::forbidden unless the principal is the platform operator.
status require_platform(const principal& who);

/// errc::unauthorized unless the token's user exists, is active, its tenant is not suspended
/// and the token's version is the user's current one; on success `who.role` is the user's
/// current role.
status check_session(storage::pg_connection& db, principal& who);

/// Wraps `h`: answers 401 before it runs unless the request carries a valid token of a user
/// whose session is still valid (check_session); `h` runs on a database worker.
handler authenticated(std::shared_ptr<const api_env> env, api_handler h);

/// Like authenticated(), and answers 403 unless the user is an admin.
handler admin_only(std::shared_ptr<const api_env> env, api_handler h);

/// Like authenticated(), and answers 403 unless the user is a supervisor or an admin.
handler supervisor_only(std::shared_ptr<const api_env> env, api_handler h);

/// Like authenticated(), and answers 403 unless the user is the platform operator.
handler platform_only(std::shared_ptr<const api_env> env, api_handler h);

/// Work for a database worker that produces the answer (or the error to answer with).
using db_answer = std::function<result<response>(storage::pg_connection&)>;

/// The answer to a failed database job: internal details and outages are logged, not sent.
response sanitized(const error& e);

/// Runs `job` on a database worker and responds with its result. Errors become the JSON error
/// shape; internal details (SQL messages) are logged, not sent; a thrown exception is a 500.
/// Called from a handler that authenticated() runs, the job runs at once on the connection that
/// checked the session.
void answer_from_db(actors::node& node, respond_fn respond, db_answer job);

/// Seconds since the epoch, now.
int64_t unix_now();

}  // namespace centralita::net
