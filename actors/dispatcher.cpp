#include "actors/dispatcher.hpp"

#include "actors/messages.hpp"
#include "actors/tenant_actor.hpp"
#include "common/log.hpp"

namespace centralita::actors {

caf::behavior dispatcher(caf::stateful_actor<dispatcher_state>* self,
                         std::shared_ptr<node_context> ctx) {
  self->state.ctx = std::move(ctx);
  self->set_down_handler([self](const caf::down_msg& msg) {
    auto& tenants = self->state.tenants;
    for (auto it = tenants.begin(); it != tenants.end(); ++it) {
      if (it->second.address() == msg.source) {
        if (msg.reason) log::warn("dispatcher: tenant {} actor stopped abnormally", it->first);
        tenants.erase(it);
        return;
      }
    }
  });
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    for (auto& [id, tenant] : self->state.tenants) self->send_exit(tenant, msg.reason);
    self->quit(msg.reason);
  });
  return {
      [self](routed_event& ev) {
        auto& slot = self->state.tenants[ev.event.tenant_id];
        if (!slot) {
          slot = self->spawn(tenant_actor, self->state.ctx, ev.event.tenant_id);
          self->monitor(slot);
        }
        self->send(slot, std::move(ev));
      },
      [self](idle_atom) {
        // The scheduler's passivation sweep reaches every tenant.
        for (auto& [id, tenant] : self->state.tenants) self->send(tenant, idle_atom::value);
      },
      [self](crash_atom) { throw std::runtime_error("dispatcher: crash requested"); },
  };
}

}  // namespace centralita::actors
