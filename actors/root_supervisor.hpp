#pragma once
// The root supervisor: spawns the long-lived actors, monitors them and restarts the one that
// stopped (one-for-one), with backoff. More restarts than the intensity allows within the
// window means something is badly wrong: it escalates, and the node stops cleanly.

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
};

/// The children alive now and the recent restarts.
struct supervisor_state {
  std::shared_ptr<node_context> ctx;
  std::vector<child_spec> specs;
  std::vector<caf::actor> children;  ///< by spec index; empty while restarting
  std::deque<std::chrono::steady_clock::time_point> restarts;
  bool stopping = false;
};

/// Stop with `stop_atom`: children get an exit message and the supervisor quits after them.
caf::behavior root_supervisor(caf::stateful_actor<supervisor_state>* self,
                              std::shared_ptr<node_context> ctx, std::vector<child_spec> specs);

}  // namespace centralita::actors
