#pragma once
// The dashboard home page's figures.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/stats?hours=N (1..720, default 24).
void add_stats_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
