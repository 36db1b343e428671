#pragma once
// Contacts (docs/architecture.md §Contacts): a tenant's customers listed and searched, one with
// all their history, edited (name, e-mail, notes, custom attributes) and merged into another.
// Another tenant's id is a 404.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/customers, GET and PATCH /api/v1/customers/{id} and
/// POST /api/v1/customers/{id}/merge.
void add_customer_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
