#pragma once
// Outbound calls an agent starts from a conversation: the context handed to the voice agent
// (customer, latest shipment, open ticket), and the call session stored once ElevenLabs has
// taken the call, keyed by its conversation id so the post-call webhook updates the same row.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// What a call from a conversation knows; empty strings for what there is not.
struct outbound_call_context {
  int64_t conversation_id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  std::string phone;  ///< digits
  std::string language;
  std::string order_number;  ///< of the customer's latest shipment
  std::string tracking_number;
  std::string tracking_status;
  std::optional<int64_t> ticket_id;  ///< the conversation's open ticket
  std::string ticket_subject;
};

/// A call ElevenLabs (or the demo mode) has taken.
struct started_call {
  int64_t tenant_id = 0;
  std::string provider_conversation_id;  ///< ElevenLabs' conversation id (else the call sid)
  std::string call_sid;
  std::string agent_id;
  storage::actor actor;
};

/// The call session stored: its id and the JSON of the live event.
struct stored_outbound_call {
  int64_t id = 0;
  std::string call_json;
};

/// Reads and writes of outbound calls within one tenant.
class outbound_call_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit outbound_call_repo(pg_connection& db) : db_(db) {}

  /// The context of the tenant's conversation (errc::not_found otherwise).
  result<outbound_call_context> context(int64_t tenant_id, int64_t conversation_id);
  /// In one transaction: the call session (direction outbound, status initiated) linked to the
  /// context's customer, conversation and ticket, and its audit row.
  result<stored_outbound_call> record(const outbound_call_context& ctx, const started_call& call);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
