#pragma once
// A tenant's people (docs/architecture.md, invariant 12): admins invite users (a one-time
// set-password link valid 72 h), change their role, capacity or name, deactivate and reactivate
// them; every user sets a password from a link, changes their own and signs out everywhere.

#include <memory>

#include "net/api_auth.hpp"
#include "net/login_limiter.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds POST /api/v1/users, PATCH /api/v1/users/{id}, POST /api/v1/auth/set-password,
/// POST /api/v1/me/password and POST /api/v1/auth/logout-all; `limits` brakes guessing the
/// current password as it brakes logins.
void add_user_routes(router& routes, const std::shared_ptr<const api_env>& env,
                     const std::shared_ptr<const login_limiter>& limits);

}  // namespace centralita::net
