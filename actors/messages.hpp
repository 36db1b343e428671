#pragma once
// Every atom and message type the actors exchange. All messages stay inside one process, so
// the types are allowed unserialized (CAF_ALLOW_UNSAFE_MESSAGE_TYPE) instead of inspected.

#include <caf/all.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/inbound.hpp"
#include "storage/ai_repo.hpp"
#include "storage/event_log_repo.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::actors {

using flush_atom = caf::atom_constant<caf::atom("flush")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using crash_atom = caf::atom_constant<caf::atom("crash")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using drain_atom = caf::atom_constant<caf::atom("drain")>;
/// (knowledge_search_atom, int64_t tenant_id, std::string query, int32_t k)
///     -> std::vector<vectorindex::search_hit>, answered by the knowledge actor.
using knowledge_search_atom = caf::atom_constant<caf::atom("kbsearch")>;
/// Tells the outbox senders that rows were enqueued (actors/outbox_sender.hpp).
using wake_atom = caf::atom_constant<caf::atom("wake")>;

/// Calls the callback exactly once: with the outcome, or with `unavailable` when the slot is
/// destroyed unanswered (a message dropped by a dead actor must still answer the webhook).
class reply_slot {
 public:
  explicit reply_slot(ingest_callback fn) : fn_(std::move(fn)) {}
  reply_slot(const reply_slot&) = delete;
  reply_slot& operator=(const reply_slot&) = delete;
  ~reply_slot() {
    if (fn_) fn_(ingest_outcome{ingest_status::unavailable, {}});
  }
  void deliver(ingest_outcome outcome) {
    if (auto fn = std::move(fn_)) {
      fn_ = nullptr;
      fn(std::move(outcome));
    }
  }

 private:
  ingest_callback fn_;
};

/// A webhook on its way to an ingest writer.
struct ingest_request {
  inbound_event event;
  std::shared_ptr<reply_slot> reply;
};

/// An accepted event on its way to its conversation (live, or found by recovery). A live
/// message event carries its content read by the webhook handler; a recovered one does not.
struct accepted_event : storage::pending_event {
  std::shared_ptr<const providers::channel_message> message;
};

/// An accepted event with the key that orders its processing.
struct routed_event {
  std::string conversation_key;
  accepted_event event;
};

/// A conversation's events, in order, for a message writer to store; `key` orders them.
struct process_request {
  std::string key;
  std::vector<accepted_event> events;
};

/// How many of a process_request's events are done (all of them, or none on failure).
struct process_reply {
  bool ok = false;
  bool retryable = true;
};

/// A conversation actor asking its tenant whether it may stop: `received` events so far.
struct passivate_request {
  std::string key;
  uint64_t received = 0;
};

/// A stored inbound message for the AI pipeline: the same as one the recovery sweep reads back.
using ai_item = storage::undecided_message;

/// Messages of one shard of conversations, in the order they were stored.
struct ai_batch {
  std::vector<ai_item> items;
};

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::ingest_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::routed_event)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::accepted_event)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::process_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::process_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::passivate_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::ai_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::vectorindex::search_hit)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<centralita::vectorindex::search_hit>)
