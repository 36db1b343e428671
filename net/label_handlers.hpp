#pragma once
// Conversation labels: every user lists them and sets a conversation's labels; supervisors and
// admins create and delete them and decide whether the AI puts the category's label.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET and POST /api/v1/labels, DELETE /api/v1/labels/{id}, PATCH /api/v1/labels/settings
/// and PUT /api/v1/conversations/{id}/labels.
void add_label_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
