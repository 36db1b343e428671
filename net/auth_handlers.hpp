#pragma once
// Signing in: POST /api/v1/auth/login (e-mail and password for a JWT) and GET /api/v1/me.

#include <memory>

#include "net/api_auth.hpp"
#include "net/login_limiter.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Failed logins allowed per e-mail and per client address within a minute.
inline constexpr int login_failures_per_email = 5;
inline constexpr int login_failures_per_ip = 20;

/// Adds the login and me routes; `limits` brakes password guessing.
void add_auth_routes(router& routes, const std::shared_ptr<const api_env>& env,
                     const std::shared_ptr<const login_limiter>& limits);

}  // namespace centralita::net
