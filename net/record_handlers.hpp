#pragma once
// Read-only records of a tenant for its agents and admins: calls (with their recordings),
// shipments (with their checkpoints), invoices and quotes. Another tenant's id is a 404.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/calls, /api/v1/calls/{id}, /api/v1/calls/{id}/audio, /api/v1/shipments,
/// /api/v1/shipments/{id}, /api/v1/invoices and /api/v1/quotes.
void add_record_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
