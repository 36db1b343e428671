#pragma once
// Triage on demand: what the pipeline would make of a text, for agents and integrations.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds POST /api/v1/triage {text} → {category, confidence, risk, language, entities, rule,
/// reason}.
void add_triage_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
