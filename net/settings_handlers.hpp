#pragma once
// The tenant's AI settings: any user of the tenant reads them, an admin changes them.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/settings and PATCH /api/v1/settings (admin only, audited).
void add_settings_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
