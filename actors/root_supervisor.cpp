#include "actors/root_supervisor.hpp"

#include <algorithm>

#include "actors/messages.hpp"
#include "common/backoff.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

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
  if (spec.degraded) degraded_gauge(spec.role);  // at 0 until it degrades
  auto child = st.degraded[i] ? spec.degraded(self) : spec.start(self);
  self->monitor(child);
  st.children[i] = child;
  st.ctx->handles.set(spec.role, spec.index, child);
}

bool all_stopped(const supervisor_state& st) {
  return std::all_of(st.children.begin(), st.children.end(), [](const auto& c) { return !c; });
}

// Records a restart in `recent`; true when it stays within the intensity limit.
bool within_intensity(const supervisor_state& st,
                      std::deque<std::chrono::steady_clock::time_point>& recent) {
  auto now = std::chrono::steady_clock::now();
  auto window = std::chrono::seconds(st.ctx->settings.restart_window_s);
  while (!recent.empty() && now - recent.front() > window) recent.pop_front();
  recent.push_back(now);
  return recent.size() <= static_cast<size_t>(st.ctx->settings.restart_intensity);
}

std::chrono::milliseconds backoff_after(size_t restarts) {
  return exponential_backoff(std::chrono::milliseconds(50), std::chrono::seconds(2),
                             static_cast<int>(restarts) + 1);
}

// Moves a child that keeps crashing to its safe path, at once: said once in the log, shown by
// /readyz and /metrics, and never undone while the process runs (the cause is still there).
void degrade(self_ptr self, size_t i, const std::string& reason) {
  auto& st = self->state;
  const auto& spec = st.specs[i];
  st.degraded[i] = true;
  st.child_restarts[i].clear();
  mark_degraded(*st.ctx, spec.role,
                spec.role + "#" + std::to_string(spec.index) + " stopped " +
                    std::to_string(st.ctx->settings.restart_intensity + 1) + " times within " +
                    std::to_string(st.ctx->settings.restart_window_s) + " s (last: " + reason +
                    "); " + spec.degraded_note);
  self->send(self, retry_atom::value, i);
}

}  // namespace

caf::behavior root_supervisor(caf::stateful_actor<supervisor_state>* self,
                              std::shared_ptr<node_context> ctx, std::vector<child_spec> specs) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.specs = std::move(specs);
  st.children.resize(st.specs.size());
  st.child_restarts.resize(st.specs.size());
  st.degraded.resize(st.specs.size(), false);
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
    const auto reason = self->system().render(msg.reason);
    // A child with a safe path is limited on its own: it degrades instead of taking the node
    // down, however the other children fare.
    const bool own_limit = spec.degraded && !st.degraded[i];
    auto& recent = own_limit ? st.child_restarts[i] : st.restarts;
    if (!within_intensity(st, recent)) {
      if (own_limit) return degrade(self, i, reason);
      log::error("supervisor: {}#{} stopped ({}); restart intensity exceeded, stopping the node",
                 spec.role, spec.index, reason);
      if (st.ctx->escalate) st.ctx->escalate();
      return;
    }
    auto backoff = backoff_after(recent.size());
    log::warn("supervisor: {}#{} stopped ({}); restarting in {} ms", spec.role, spec.index, reason,
              backoff.count());
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
