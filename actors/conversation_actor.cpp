#include "actors/conversation_actor.hpp"

#include <algorithm>
#include <chrono>

#include "common/backoff.hpp"
#include "common/log.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<conversation_state>*;

void store_next(self_ptr self);

void on_stored(self_ptr self, bool ok) {
  auto& st = self->state;
  if (ok) {
    st.ctx->counters.process_queue.fetch_sub(static_cast<int64_t>(st.in_flight));
    st.queue.erase(st.queue.begin(), st.queue.begin() + static_cast<long>(st.in_flight));
    st.in_flight = 0;
    st.failures = 0;
    store_next(self);
    return;
  }
  // The database is down or the writer is restarting: try again later, with the same events.
  st.in_flight = 0;
  ++st.failures;
  auto delay =
      exponential_backoff(std::chrono::milliseconds(100), std::chrono::seconds(5), st.failures + 1);
  self->delayed_send(self, delay, retry_atom::value);
}

void store_next(self_ptr self) {
  auto& st = self->state;
  if (st.in_flight > 0 || st.queue.empty()) return;
  st.in_flight = std::min(st.queue.size(), conversation_batch_max);
  process_request req;
  req.key = st.key;
  req.events.assign(st.queue.begin(), st.queue.begin() + static_cast<long>(st.in_flight));
  auto shards = st.ctx->handles.size(writer_role);
  auto writer = st.ctx->handles.get(writer_role, shard_of(st.key, shards));
  if (!writer) {
    on_stored(self, false);
    return;
  }
  self->request(writer, caf::infinite, std::move(req))
      .then([self](process_reply& reply) { on_stored(self, reply.ok); },
            [self](caf::error&) { on_stored(self, false); });
}

}  // namespace

caf::behavior conversation_actor(caf::stateful_actor<conversation_state>* self,
                                 std::shared_ptr<node_context> ctx, std::string key,
                                 caf::actor tenant) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.key = std::move(key);
  st.tenant = std::move(tenant);
  st.ctx->counters.conversations.fetch_add(1);
  self->attach_functor([c = st.ctx] { c->counters.conversations.fetch_sub(1); });
  return {
      [self](accepted_event& ev) {
        ++self->state.received;
        self->state.queue.push_back(std::move(ev));
        store_next(self);
      },
      [self](retry_atom) { store_next(self); },
      [self](idle_atom) {
        // The tenant saw no event for a while: offer to stop if nothing is pending.
        auto& st = self->state;
        if (st.queue.empty()) self->send(st.tenant, passivate_request{st.key, st.received});
      },
      [self](stop_atom) {
        if (self->state.queue.empty()) self->quit();
      },
  };
}

}  // namespace centralita::actors
