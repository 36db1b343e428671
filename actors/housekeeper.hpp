#pragma once
// The housekeeper: a detached actor with its own connection that keeps the account directory
// fresh and answers readiness probes. redispatch_unprocessed() below, the recovery of accepted
// events that were never processed (a crashed conversation, a dispatcher restart), runs at start
// and as the scheduler's stuck_events job, so that nothing acknowledged is left behind.

#include <caf/all.hpp>

#include <functional>
#include <memory>

#include "actors/account_directory.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "storage/pg.hpp"

namespace centralita::actors {

/// Receives each new account snapshot.
using account_sink = std::function<void(std::shared_ptr<const account_directory>)>;
/// Answers a readiness probe: true when the database answered.
using ready_callback = std::function<void(bool)>;

/// Loads every channel account and opens its secrets with `ring`; the error names the first
/// account whose secrets do not open.
result<std::shared_ptr<const account_directory>> load_accounts(storage::pg_connection& db,
                                                               const keyring& ring);

/// Sends every accepted-but-unprocessed event older than `min_age_s` to the dispatcher, oldest
/// first. Returns how many.
result<size_t> redispatch_unprocessed(storage::pg_connection& db, node_context& ctx,
                                      const caf::actor& dispatcher, int min_age_s);

/// Sends the events that another node accepted and left queued when it stopped being alive
/// (storage/cluster_node_repo.hpp) to the dispatcher, oldest first: this node takes over its
/// conversations. Returns how many.
result<size_t> redispatch_orphaned(storage::pg_connection& db, node_context& ctx,
                                   const caf::actor& dispatcher);

/// The housekeeper's connection and sink.
struct housekeeper_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  account_sink accounts;
};

/// Spawn with `caf::detached`; it ticks every few seconds by itself.
caf::behavior housekeeper(caf::stateful_actor<housekeeper_state>* self,
                          std::shared_ptr<node_context> ctx, account_sink accounts);

/// A readiness probe message.
struct ready_probe {
  std::shared_ptr<ready_callback> done;
};

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::ready_probe)
