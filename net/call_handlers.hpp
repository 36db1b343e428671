#pragma once
// Outbound calls from a conversation: POST /api/v1/conversations/{id}/calls starts a call to
// the conversation's customer through ElevenLabs (docs/protocols.md §2c) with the conversation's
// context as dynamic variables, and stores the call session once ElevenLabs has taken it, so
// the post-call webhook later completes the same session. ElevenLabs refusing the call is a
// 502, no answer in time a 504; either way nothing is stored.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// Adds POST /api/v1/conversations/{id}/calls: the call goes out through the tenant's own
/// ElevenLabs account, started by the node's call starter (actors/call_starter.hpp).
void add_call_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
