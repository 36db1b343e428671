#pragma once
// The conversations an agent works: list, one with its timeline, status and assignee changes,
// and the agent's replies.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/conversations, GET and PATCH /api/v1/conversations/{id} and
/// POST /api/v1/conversations/{id}/messages.
void add_conversation_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
