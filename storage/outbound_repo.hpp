#pragma once
// Messages the tenant sends: an agent's reply is stored as an outgoing message, queued.
// TODO(outbox): the outbox row (ARCHITECTURE.md invariant 4) is written in this same
// transaction once the outbox sender exists; until then a reply stays 'queued'.

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "storage/message_query.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Writes outgoing messages within one tenant.
class outbound_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit outbound_repo(pg_connection& db) : db_(db) {}

  /// Stores an agent's reply (direction out, sender agent, status queued) and moves the
  /// conversation's last activity; errc::not_found when the conversation is not the tenant's.
  result<message_record> queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                           int64_t user_id, const std::string& text);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
