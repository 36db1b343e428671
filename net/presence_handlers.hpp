#pragma once
// Who of the team is available for assignment now (docs/architecture.md §Presence).

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/presence; `away_s` is CENTRALITA_PRESENCE_AWAY_S.
void add_presence_routes(router& routes, const std::shared_ptr<const api_env>& env, int away_s);

}  // namespace centralita::net
