#pragma once
// Health, readiness and metrics for the people who run Centralita.

#include "actors/node.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /healthz (process up), /readyz (database answers) and /metrics (Prometheus text).
void add_ops_routes(router& routes, actors::node& node);

}  // namespace centralita::net
