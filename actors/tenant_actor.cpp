#include "actors/tenant_actor.hpp"

#include "actors/conversation_actor.hpp"
#include "actors/messages.hpp"
#include "common/log.hpp"

namespace centralita::actors {

caf::behavior tenant_actor(caf::stateful_actor<tenant_state>* self,
                           std::shared_ptr<node_context> ctx, int64_t tenant_id) {
  self->state.ctx = std::move(ctx);
  self->state.tenant_id = tenant_id;
  self->set_down_handler([self](const caf::down_msg& msg) {
    auto& all = self->state.conversations;
    for (auto it = all.begin(); it != all.end(); ++it) {
      if (it->second.handle.address() == msg.source) {
        // Events it held are still 'accepted' in the log: recovery re-dispatches them.
        log::warn("tenant {}: conversation {} stopped abnormally", self->state.tenant_id,
                  it->first);
        all.erase(it);
        return;
      }
    }
  });
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    for (auto& [key, entry] : self->state.conversations) self->send_exit(entry.handle, msg.reason);
    self->quit(msg.reason);
  });
  return {
      [self](routed_event& ev) {
        auto& entry = self->state.conversations[ev.conversation_key];
        if (!entry.handle) {
          entry.handle = self->spawn(conversation_actor, self->state.ctx, ev.conversation_key,
                                     caf::actor_cast<caf::actor>(self));
          self->monitor(entry.handle);
        }
        ++entry.sent;
        entry.last_sent = std::chrono::steady_clock::now();
        self->send(entry.handle, std::move(ev.event));
      },
      [self](idle_atom) {
        // The scheduler's passivation sweep (one per node, not a timer per conversation): ask
        // the idle ones to stop.
        auto& st = self->state;
        auto idle = std::chrono::seconds(st.ctx->settings.conversation_idle_s);
        auto now = std::chrono::steady_clock::now();
        for (auto& [key, entry] : st.conversations) {
          if (now - entry.last_sent >= idle) self->send(entry.handle, idle_atom::value);
        }
      },
      [self](passivate_request& req) {
        // Only a conversation that has seen every event sent to it may stop; otherwise the
        // events in flight reach it and it stays.
        auto it = self->state.conversations.find(req.key);
        if (it == self->state.conversations.end() || it->second.sent != req.received) return;
        self->demonitor(it->second.handle);
        self->send(it->second.handle, stop_atom::value);
        self->state.conversations.erase(it);
      },
  };
}

}  // namespace centralita::actors
