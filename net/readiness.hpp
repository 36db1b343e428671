#pragma once
// The body of GET /readyz.

#include <string>
#include <vector>

namespace centralita::net {

/// `{"status":"ready"}`, or with the roles that run their safe path after crashing too often,
/// `{"status":"ready","degraded":["knowledge"]}`. Still "ready" (HTTP 200): a degraded role
/// still serves (the knowledge search answers from an index rebuilt from PostgreSQL), and a 503
/// would make a load balancer take the whole node out of rotation, webhooks and dashboard
/// included, for one component that is slower to start but working.
std::string ready_body(const std::vector<std::string>& degraded);

}  // namespace centralita::net
