#pragma once
// What the networking layer hands to the actors, and what it gets back. Plain C++: no CAF here,
// so net/ sessions include only this and node.hpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "providers/channel_message.hpp"

namespace centralita::actors {

/// A validated webhook, ready to be made durable.
struct inbound_event {
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string provider;  ///< "builderbot", ...
  std::string event_name;
  std::string idempotency_key;   ///< "key:<header>", "id:<provider id>" or "sha256:<body hash>"
  bool key_expires = false;      ///< body hashes dedupe within the window only
  std::string payload;           ///< the raw body, kept as received
  std::string conversation_key;  ///< orders processing: events with one key run one at a time
  bool ignored = false;          ///< record and acknowledge, never process
  /// A message event's content as the handler read it, so that processing does not parse the
  /// payload again; empty for other events (processing then reads the payload).
  std::shared_ptr<const providers::channel_message> message;
};

/// How a webhook was answered.
enum class ingest_status {
  accepted,     ///< new and durable
  duplicate,    ///< a redelivery of `event_id`
  ignored,      ///< recorded, deliberately not processed
  unavailable,  ///< the database could not take it: answer 503, the provider retries
  overloaded,   ///< too much queued already: answer 503
  rejected,     ///< the database refused this event alone: answer 400, never retried
};

/// The answer to one webhook.
struct ingest_outcome {
  ingest_status status = ingest_status::unavailable;
  std::string event_id;
};

/// Called exactly once, from an actor thread, when the outcome is known.
using ingest_callback = std::function<void(ingest_outcome)>;

}  // namespace centralita::actors
