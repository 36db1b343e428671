#pragma once
// The platform operator's routes (docs/architecture.md, invariant 12): list tenants, create one
// with its first admin (a one-time set-password link), suspend or reinstate one. A suspended
// tenant's users cannot sign in, their tokens and sockets stop at once, its webhooks answer 403;
// nothing of its data is deleted.

#include <chrono>
#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET/POST /api/v1/tenants and PATCH /api/v1/tenants/{id}, for the platform operator.
void add_tenant_routes(router& routes, const std::shared_ptr<const api_env>& env);

/// How often each process reads the suspended tenants again: a suspension made on another
/// node holds for this one's webhooks and sockets within this long.
inline constexpr std::chrono::milliseconds tenant_poll{500};

/// Reads the suspended tenants into `access` (on a database worker): at start, and every
/// tenant_poll after (net/server.cpp). `quiet` logs nothing when the database cannot answer.
void load_suspended_tenants(actors::node& node, const std::shared_ptr<access_control>& access,
                            bool quiet = false);

}  // namespace centralita::net
