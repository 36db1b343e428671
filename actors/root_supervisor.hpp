#pragma once
// The root supervisor: spawns the long-lived actors, monitors them and restarts the one that
// stopped (one-for-one), with backoff. No child may loop on the same crash:
//   - a child with a safe path (child_spec::degraded) that stops more often than the restart
//     intensity within the window is started on that path from then on: the node keeps serving,
//     /readyz lists the role under "degraded", centralita_actor_degraded{actor=...} is 1, and
//     the log says why once;
//   - any other child, or one already degraded, counts towards the node's intensity: more
//     restarts than it allows within the window means something is badly wrong, so it
//     escalates and the node stops cleanly.

#include <caf/all.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/context.hpp"

namespace centralita::actors {

/// How to start one supervised child: its directory role and index, and its spawn function.
struct child_spec {
  std::string role;
  size_t index = 0;
  std::function<caf::actor(caf::local_actor* supervisor)> start;
  /// The safe path, started instead of `start` once the child keeps crashing (none: escalate).
  std::function<caf::actor(caf::local_actor* supervisor)> degraded = {};
  /// What the safe path does, for the one log line that announces it.
  std::string degraded_note = {};
};

/// The children alive now and the recent restarts.
struct supervisor_state {
  std::shared_ptr<node_context> ctx;
  std::vector<child_spec> specs;
  std::vector<caf::actor> children;  ///< by spec index; empty while restarting
  /// Restarts that count towards the node's intensity (children without a safe path, or
  /// already on it).
  std::deque<std::chrono::steady_clock::time_point> restarts;
  /// By spec index: the recent restarts of a child with a safe path, before it takes it.
  std::vector<std::deque<std::chrono::steady_clock::time_point>> child_restarts;
  std::vector<bool> degraded;  ///< by spec index: running its safe path
  bool stopping = false;
};

/// Stop with `stop_atom`: children get an exit message and the supervisor quits after them.
caf::behavior root_supervisor(caf::stateful_actor<supervisor_state>* self,
                              std::shared_ptr<node_context> ctx, std::vector<child_spec> specs);

}  // namespace centralita::actors
