#include "actors/root_supervisor.hpp"

#include <algorithm>

#include "actors/messages.hpp"
#include "common/log.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<supervisor_state>*;

metrics::counter& restarts_of(const child_spec& spec) {
  return metrics::registry::global().get_counter("centralita_actor_restarts_total",
                                                 "Supervised actor restarts",
                                                 "actor=\"" + spec.role + "\"");
}

void start_child(self_ptr self, size_t i) {
  auto& st = self->state;
  const auto& spec = st.specs[i];
  restarts_of(spec);  // every supervised role shows in /metrics, at 0 until it restarts
  auto child = spec.start(self);
  self->monitor(child);
  st.children[i] = child;
  st.ctx->handles.set(spec.role, spec.index, child);
}

bool all_stopped(const supervisor_state& st) {
  return std::all_of(st.children.begin(), st.children.end(), [](const auto& c) { return !c; });
}

// True when one more restart stays within the intensity limit.
bool may_restart(supervisor_state& st) {
  auto now = std::chrono::steady_clock::now();
  auto window = std::chrono::seconds(st.ctx->settings.restart_window_s);
  while (!st.restarts.empty() && now - st.restarts.front() > window) st.restarts.pop_front();
  st.restarts.push_back(now);
  return st.restarts.size() <= static_cast<size_t>(st.ctx->settings.restart_intensity);
}

}  // namespace

caf::behavior root_supervisor(caf::stateful_actor<supervisor_state>* self,
                              std::shared_ptr<node_context> ctx, std::vector<child_spec> specs) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.specs = std::move(specs);
  st.children.resize(st.specs.size());
  for (size_t i = 0; i < st.specs.size(); ++i) start_child(self, i);

  self->set_down_handler([self](const caf::down_msg& msg) {
    auto& st = self->state;
    auto it = std::find_if(st.children.begin(), st.children.end(),
                           [&](const caf::actor& c) { return c && c.address() == msg.source; });
    if (it == st.children.end()) return;
    auto i = static_cast<size_t>(it - st.children.begin());
    *it = caf::actor{};
    if (st.stopping) {
      if (all_stopped(st)) self->quit();
      return;
    }
    const auto& spec = st.specs[i];
    restarts_of(spec).inc();
    if (!may_restart(st)) {
      log::error("supervisor: {}#{} stopped ({}); restart intensity exceeded, stopping the node",
                 spec.role, spec.index, self->system().render(msg.reason));
      if (st.ctx->escalate) st.ctx->escalate();
      return;
    }
    auto backoff = std::chrono::milliseconds(std::min<size_t>(50 << st.restarts.size(), 2000));
    log::warn("supervisor: {}#{} stopped ({}); restarting in {} ms", spec.role, spec.index,
              self->system().render(msg.reason), backoff.count());
    self->delayed_send(self, backoff, retry_atom::value, i);
  });

  return {
      // Answered only after the body above has run: every child's handle is registered.
      [](ping_atom) { return ping_atom::value; },
      [self](retry_atom, size_t i) {
        if (!self->state.stopping && !self->state.children[i]) start_child(self, i);
      },
      [self](stop_atom) {
        auto& st = self->state;
        st.stopping = true;
        for (auto& child : st.children) {
          if (child) self->send_exit(child, caf::exit_reason::user_shutdown);
        }
        if (all_stopped(st)) self->quit();
      },
  };
}

}  // namespace centralita::actors
