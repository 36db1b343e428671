#pragma once
// Suggestions: the replies the AI drafted, listed for agents, approved (as drafted or edited,
// then queued to the customer) or rejected with a reason.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/suggestions, GET /api/v1/suggestions/{id},
/// POST /api/v1/suggestions/{id}/approve and POST /api/v1/suggestions/{id}/reject.
void add_suggestion_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
