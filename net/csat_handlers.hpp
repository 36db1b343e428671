#pragma once
// Customer satisfaction and the automatic messages to customers (docs/architecture.md §CSAT
// and §Business hours): the ratings summary and the tenant's `service` settings.

#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "net/api_auth.hpp"
#include "net/api_json.hpp"
#include "net/router.hpp"
#include "storage/pg.hpp"

namespace centralita::net {

/// Adds GET /api/v1/csat and GET/PATCH /api/v1/settings/service (PATCH for admins).
void add_csat_routes(router& routes, const std::shared_ptr<const api_env>& env);

/// Writes `"csat": {"asked_at","rating","rated_at"}` for a conversation, null when none was
/// asked.
status write_conversation_csat(json_builder& j, storage::pg_connection& db, int64_t tenant_id,
                               int64_t conversation_id);

}  // namespace centralita::net
