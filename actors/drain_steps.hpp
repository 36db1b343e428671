#pragma once
// What the actors that drain a table in steps (the outbox senders, the media fetchers) do alike:
// a wake, a sweep or a full step queues the next step once, so a burst of wakes costs one step;
// a commit wakes every actor of the role on this node.

#include <caf/all.hpp>

#include <chrono>
#include <exception>

#include "actors/context.hpp"
#include "actors/messages.hpp"
#include "common/log.hpp"

namespace centralita::actors {

/// Queues one drain step unless one is queued already; the step clears `drain_scheduled`.
template <class Self>
void schedule_drain(Self* self) {
  if (self->state.drain_scheduled) return;
  self->state.drain_scheduled = true;
  self->send(self, drain_atom::value);
}

/// Sends `wake_atom` to every actor registered under `role` on this node.
inline void wake_all(const node_context& ctx, const char* role) {
  for (size_t i = 0; i < ctx.handles.size(role); ++i) {
    if (auto target = ctx.handles.get(role, i)) caf::anon_send(target, wake_atom::value);
  }
}

/// The behavior of a draining actor: a step now (rows left from before a restart), one on each
/// wake and each `sweep` (what a lost wake left behind), every step run by `drain`. A step that
/// throws is logged under `component`; the rows it claimed go again when their lease ends.
template <class Self, class Drain>
caf::behavior drain_behavior(Self* self, std::chrono::milliseconds sweep, const char* component,
                             Drain drain) {
  self->delayed_send(self, sweep, tick_atom::value);
  schedule_drain(self);
  return {
      [self](wake_atom) { schedule_drain(self); },
      [self, sweep](tick_atom) {
        self->delayed_send(self, sweep, tick_atom::value);
        schedule_drain(self);
      },
      [self, component, drain](drain_atom) {
        try {
          drain(self);
        } catch (const std::exception& e) {
          log::error("{}: drain threw: {}", component, e.what());
        }
      },
  };
}

}  // namespace centralita::actors
