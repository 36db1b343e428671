#pragma once
// Every route of the two listeners in one place: the API's (agents, dashboard) and the
// gateway's (provider webhooks). The server and the OpenAPI test build them the same way.

#include <memory>
#include <string>

#include "actors/node.hpp"
#include "config/settings.hpp"
#include "net/access_control.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds the routes of the API listener to `api` and those of the webhook gateway to `gateway`;
/// `access` (made when null) is what ends sessions and refuses suspended tenants' webhooks.
void build_routes(router& api, router& gateway, actors::node& node,
                  const config::settings& settings, std::string jwt_secret,
                  std::shared_ptr<access_control> access = nullptr);

}  // namespace centralita::net
