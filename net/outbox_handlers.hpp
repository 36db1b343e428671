#pragma once
// The outbox as the dashboard sees it: what is waiting, sent, failed or dead, and retrying a
// failed or dead send.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/outbox (?status=pending|sending|sent|failed|dead, limit, cursor) and
/// POST /api/v1/outbox/{id}/retry (409 unless failed or dead; audited).
void add_outbox_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
