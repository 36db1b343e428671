#pragma once
// One actor per tenant: routes each event to its conversation actor (one per live
// conversation), spawning it lazily, and lets idle ones stop without losing an event.

#include <caf/all.hpp>

#include <chrono>

#include <memory>
#include <string>
#include <unordered_map>

#include "actors/context.hpp"

namespace centralita::actors {

/// A live conversation actor and how many events it was sent.
struct conversation_entry {
  caf::actor handle;
  uint64_t sent = 0;
  std::chrono::steady_clock::time_point last_sent;
};

/// The tenant's live conversations by routing key.
struct tenant_state {
  std::shared_ptr<node_context> ctx;
  int64_t tenant_id = 0;
  std::unordered_map<std::string, conversation_entry> conversations;
};

caf::behavior tenant_actor(caf::stateful_actor<tenant_state>* self,
                           std::shared_ptr<node_context> ctx, int64_t tenant_id);

}  // namespace centralita::actors
