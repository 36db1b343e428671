#pragma once
// The gateway's webhook routes: authenticate the account, limit its rate, validate the payload,
// and hand it to the node, answering once it is durable.

#include <memory>

#include "actors/node.hpp"
#include "net/access_control.hpp"
#include "net/rate_limiter.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds POST /webhooks/builderbot/whatsapp, GET and POST /webhooks/whatsapp/cloud,
/// POST /webhooks/elevenlabs/post-call, /webhooks/tracking/aftership and
/// /webhooks/tracking/17track. A suspended tenant's accounts (per `access`) are answered 403.
void add_webhook_routes(router& routes, actors::node& node, std::shared_ptr<rate_limiter> limits,
                        std::shared_ptr<const access_control> access);

}  // namespace centralita::net
