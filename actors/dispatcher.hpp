#pragma once
// The dispatcher routes accepted events to their tenant's actor, spawning tenant actors on
// first use and forgetting the ones that stop.

#include <caf/all.hpp>

#include <memory>
#include <unordered_map>

#include "actors/context.hpp"

namespace centralita::actors {

/// The tenant actors alive now.
struct dispatcher_state {
  std::shared_ptr<node_context> ctx;
  std::unordered_map<int64_t, caf::actor> tenants;
};

caf::behavior dispatcher(caf::stateful_actor<dispatcher_state>* self,
                         std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
