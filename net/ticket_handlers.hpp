#pragma once
// Tickets: list, open, read, change (status transitions enforced by storage/ticket_repo) and
// their history.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET and POST /api/v1/tickets, GET and PATCH /api/v1/tickets/{id} and
/// GET /api/v1/tickets/{id}/events.
void add_ticket_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
