#pragma once
// Database workers: a small pool of detached actors, each with its own connection, that run the
// API's jobs (a query and its answer) off the I/O threads and off the CAF scheduler.

#include <caf/all.hpp>

#include <functional>
#include <memory>

#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/node.hpp"

namespace centralita::actors {

/// A job on its way to a worker.
struct db_job_msg {
  std::shared_ptr<db_job> job;
};

/// The worker's connection.
struct db_worker_state {
  std::unique_ptr<db_session> db;
};

/// Spawn with `caf::detached`.
caf::behavior db_worker(caf::stateful_actor<db_worker_state>* self,
                        std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::db_job_msg)
