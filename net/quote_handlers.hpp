#pragma once
// Quotes an agent completes and sends from a conversation: create a draft, edit its lines and
// validity (totals computed here, in cents), send it once as a WhatsApp message through the
// outbox. Agents and admins of the tenant; another tenant's quote or conversation is a 404.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds POST /api/v1/quotes, PATCH /api/v1/quotes/{id} and POST /api/v1/quotes/{id}/send.
void add_quote_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
