#pragma once
// The agents' API around its handlers: who is calling (a bearer JWT, whose tenant is the only
// tenant a request can touch), what the role may do, and running a handler's database work on
// a database worker, never on the I/O thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "actors/node.hpp"
#include "common/result.hpp"
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
};

/// A handler of a route that needs a signed-in user.
using api_handler = std::function<void(const request&, const principal&, respond_fn)>;

/// The principal of `Authorization: Bearer <jwt>`; errc::unauthorized when the header is
/// missing or the token is malformed, forged or expired.
result<principal> authenticate(const request& req, std::string_view secret, int64_t now_s);

/// errc::forbidden unless the principal is an admin.
status require_admin(const principal& who);

/// Wraps `h`: answers 401 before it runs unless the request carries a valid token.
handler authenticated(std::shared_ptr<const api_env> env, api_handler h);

/// Like authenticated(), and answers 403 unless the user is an admin.
handler admin_only(std::shared_ptr<const api_env> env, api_handler h);

/// Work for a database worker that produces the answer (or the error to answer with).
using db_answer = std::function<result<response>(storage::pg_connection&)>;

/// The answer to a failed database job: internal details and outages are logged, not sent.
response sanitized(const error& e);

/// Runs `job` on a database worker and responds with its result. Errors become the JSON error
/// shape; internal details (SQL messages) are logged, not sent; a thrown exception is a 500.
void answer_from_db(actors::node& node, respond_fn respond, db_answer job);

/// Seconds since the epoch, now.
int64_t unix_now();

}  // namespace centralita::net
