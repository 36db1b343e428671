#pragma once
// Messages the tenant sends: agents' replies, approved suggestions and the bot's answers are
// stored as outgoing messages, queued.
// TODO(outbox): the outbox row (ARCHITECTURE.md invariant 4) is written in the same
// transaction once the outbox sender exists; until then a reply stays 'queued'.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/message_query.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// An outgoing message to queue.
struct outgoing_message {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  std::string sender_type = "agent";  ///< agent | bot
  std::optional<int64_t> user_id;     ///< the agent, for sender_type agent
  std::string text;
};

/// Writes outgoing messages within one tenant.
class outbound_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit outbound_repo(pg_connection& db) : db_(db) {}

  /// Stores an agent's reply (direction out, sender agent, status queued) and moves the
  /// conversation's last activity; errc::not_found when the conversation is not the tenant's.
  result<message_record> queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                           int64_t user_id, const std::string& text);

  /// Queues a message inside the caller's transaction; returns its id. errc::not_found when
  /// the conversation is not the tenant's.
  result<int64_t> queue_in_transaction(const outgoing_message& m);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
