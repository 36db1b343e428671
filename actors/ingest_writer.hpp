#pragma once
// An ingest writer: a detached actor owning one PostgreSQL connection. Webhooks that queue up
// while a commit runs are recorded together in the next one (group commit); each is answered
// only after its commit, then handed to the dispatcher for processing.

#include <caf/all.hpp>

#include <memory>
#include <vector>

#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/messages.hpp"

namespace centralita::actors {

/// The writer's batch in the making and its connection.
struct ingest_writer_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  std::vector<ingest_request> pending;
  bool flush_scheduled = false;
};

/// Spawn with `caf::detached`.
caf::behavior ingest_writer(caf::stateful_actor<ingest_writer_state>* self,
                            std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
