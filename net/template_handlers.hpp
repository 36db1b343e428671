#pragma once
// The WhatsApp Cloud 24-hour window from the agents' side (docs/protocols.md §3): a
// conversation's window and templates, sending a template through the outbox, and the admins'
// manual template sync.

#include <memory>

#include "config/settings.hpp"
#include "net/api_auth.hpp"
#include "net/api_json.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds GET /api/v1/conversations/{id}/templates, POST /api/v1/conversations/{id}/template and
/// POST /api/v1/templates/sync.
void add_template_routes(router& routes, const std::shared_ptr<const api_env>& env,
                         const config::settings& settings);

/// The conversation detail's `service_window` ({applies, open, closes_at}) and
/// `suppressed_duplicates` (body-hash duplicates of its messages in the event log).
status write_channel_state(storage::pg_connection& db, json_builder& j, int64_t tenant_id,
                           int64_t conversation_id);

}  // namespace centralita::net
