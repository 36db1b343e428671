#pragma once
// CSV exports for admins and supervisors: GET /api/v1/exports/{kind}.csv?from=&to=, streamed
// page by page with chunked transfer (docs/architecture.md, "The agent's toolkit").

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// The longest date range one export may cover, in days (about ten years).
inline constexpr int max_export_days = 3650;

/// Adds GET /api/v1/exports/{file} for conversations.csv, tickets.csv, messages.csv, csat.csv.
void add_export_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
