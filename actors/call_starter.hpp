#pragma once
// The call starter: a detached actor that asks ElevenLabs to start the outbound calls agents
// place from the dashboard (POST /api/v1/conversations/{id}/calls), one at a time, through the
// tenant's own ElevenLabs account. A start blocks up to the configured timeouts, so it runs here
// rather than on a database worker or an I/O thread: a slow answer holds up only the calls
// asked for after it. Supervised like every adapter (docs/architecture.md, "Actors"); a request
// dropped while it restarts is answered errc::unavailable.

#include <caf/all.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "actors/context.hpp"
#include "actors/once_reply.hpp"
#include "providers/elevenlabs_outbound.hpp"

namespace centralita::actors {

/// The directory role of the starter.
inline constexpr const char* call_role = "calls";

/// A start ElevenLabs was asked for: how it ended and the agent the call went through.
struct call_attempt {
  providers::call_start_result result;
  std::string agent_id;
};

using call_reply = once_reply<call_attempt>;

/// A call to start for a tenant; answered errc::unprocessable (no_call_account) when the
/// tenant has no enabled ElevenLabs account.
struct call_start {
  int64_t tenant_id = 0;
  providers::outbound_call call;
  std::shared_ptr<call_reply> reply;
};

/// The tenant's ElevenLabs account (the lowest id enabled), never another tenant's; null when
/// it has none.
const account* call_account(const account_directory& accounts, int64_t tenant_id);

/// Spawn with `caf::detached`.
caf::behavior call_starter(caf::event_based_actor* self, std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::call_start)
