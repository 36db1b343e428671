#pragma once
// The outbox sender: detached actors (CENTRALITA_OUTBOX_SENDERS of them, supervised), each with
// its own PostgreSQL connection and its own provider clients, that deliver the outbox's rows.
// A sender claims due rows under a lease (storage/outbox_repo.hpp), sends each once through the
// provider the row names (its conversation's channel: builderbot or whatsapp_cloud) with the
// credentials of its conversation's channel account (a reply, or a hand-off's blacklist call to
// Builderbot, docs/protocols.md §1c), and records
// the outcome: sent, a retry later (exponential backoff with jitter, Retry-After honoured), failed
// (refused for good) or dead (out of attempts). Every message status change is a `message.updated`
// live event, and a row that ends failed or dead also an `outbox.failed` one.
//
// It wakes on `wake_atom` (sent by whoever enqueued, after the commit: wake_outbox_senders) and
// on its own sweep every CENTRALITA_OUTBOX_SWEEP_MS, which finds due retries, rows enqueued
// without a wake, and rows whose sender died mid-send (their lease ran out).

#include <caf/all.hpp>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "actors/account_clients.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "providers/outbound_sender.hpp"
#include "storage/outbox_repo.hpp"

namespace centralita::actors {

/// The directory role of the senders.
inline constexpr const char* outbox_role = "outbox";

/// Wakes every outbox sender of the node: call after committing an enqueue (e.g.
/// storage::outbound_repo::enqueue_reply). Cheap, never blocks, safe from any thread.
void wake_outbox_senders(const node_context& ctx);

/// The claim batch and lease for these settings: the lease covers every send of a batch.
struct outbox_limits {
  int batch = 1;
  std::chrono::milliseconds lease{60000};
};
outbox_limits outbox_limits_for(const config::settings& s);

/// A sender's connection, provider clients and outcomes it could not record yet.
struct outbox_sender_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  account_clients<providers::outbound_sender> senders;
  std::vector<std::pair<storage::claimed_send, storage::send_outcome_record>> unrecorded;
  outbox_limits limits;
  bool drain_scheduled = false;
  std::mt19937_64 random{std::random_device{}()};
};

/// Spawn with `caf::detached`; it sweeps by itself.
caf::behavior outbox_sender(caf::stateful_actor<outbox_sender_state>* self,
                            std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
