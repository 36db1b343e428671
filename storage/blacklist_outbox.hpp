#pragma once
// A hand-off reaches Builderbot (docs/protocols.md §1c): when a conversation's bot_active
// changes, an outbox row asks its Builderbot account to add the customer's number to the bot's
// blacklist (handed to people) or to remove it (handed back), so Builderbot's own flows stop
// or resume answering that customer. Written in the transaction that changes bot_active; the
// outbox senders deliver it with the account's own credentials, retrying like a reply.

#include <cstdint>
#include <optional>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Queues the blacklist call for a conversation now `bot_active` (false: "add", true:
/// "remove"). Only a conversation that came in on a Builderbot account gets one (other
/// channels have no bot of their own); the new row's id, or none. Call inside the transaction
/// that changed bot_active, and wake the outbox senders after its commit.
result<std::optional<int64_t>> enqueue_blacklist(pg_connection& db, int64_t tenant_id,
                                                 int64_t conversation_id, bool bot_active);

}  // namespace centralita::storage
