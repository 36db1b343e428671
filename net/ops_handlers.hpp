#pragma once
// Health, readiness and metrics for the people who run Centralita.

#include "actors/node.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /healthz (process up) and /readyz (database answers).
void add_ops_routes(router& routes, actors::node& node);

/// `GET /metrics` (Prometheus text), API port only; with a token, only for `Bearer <token>`.
void add_metrics_route(router& routes, std::string token);

}  // namespace centralita::net
