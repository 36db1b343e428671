#pragma once
// The platform operator's routes (docs/architecture.md, invariant 12): list tenants, create one
// with its first admin (a one-time set-password link), suspend or reinstate one. A suspended
// tenant's users cannot sign in, their tokens and sockets stop at once, its webhooks answer 403;
// nothing of its data is deleted.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET/POST /api/v1/tenants and PATCH /api/v1/tenants/{id}, for the platform operator.
void add_tenant_routes(router& routes, const std::shared_ptr<const api_env>& env);

/// Reads the suspended tenants into `env.access` (on a database worker); at start.
void load_suspended_tenants(const api_env& env);

}  // namespace centralita::net
