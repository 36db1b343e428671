#pragma once
// The two logs of a tenant: the webhook event log (with the replay of a failed event) and the
// audit log (who changed what, when, before and after).

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/events, GET /api/v1/events/{id}, POST /api/v1/events/{id}/replay and
/// GET /api/v1/audit. Replaying is an admin's operation; reading is open to the tenant's users.
void add_log_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
