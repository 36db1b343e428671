#pragma once
// A message writer: a detached actor owning one PostgreSQL connection that stores the events of
// many conversations in one transaction (customers, conversations, messages), set-based. Each
// conversation sends its events in order and waits for the reply before sending more.

#include <caf/all.hpp>

#include <memory>
#include <vector>

#include "actors/batch_linger.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/messages.hpp"

namespace centralita::actors {

/// Requests waiting for the next transaction.
struct message_writer_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  std::vector<std::pair<process_request, caf::response_promise>> pending;
  bool flush_scheduled = false;
  batch_pacer pacer;
};

/// Spawn with `caf::detached`.
caf::behavior message_writer(caf::stateful_actor<message_writer_state>* self,
                             std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
