#pragma once
// The tenant's channel accounts for its admins: list, create, edit, disable and test the
// credentials of each provider account. Secrets are write-only; every change is audited.

#include <memory>

#include "config/settings.hpp"
#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET/POST /api/v1/channel-accounts, GET/PATCH /api/v1/channel-accounts/{id} and
/// POST /api/v1/channel-accounts/{id}/test, all admin only (an agent gets 403).
void add_channel_account_routes(router& routes, const std::shared_ptr<const api_env>& env,
                                const config::settings& settings);

}  // namespace centralita::net
