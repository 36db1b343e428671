#pragma once
// Delivery receipts (sent, delivered, read, failed) for messages the tenant sent, found by the
// id the provider gave each message when the outbox sent it (outbox.provider_message_id).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One receipt carried by an accepted event.
struct delivery_update {
  std::string event_id;
  int64_t tenant_id = 0;
  std::string provider;  ///< the outbox row's provider, e.g. "whatsapp_cloud"
  std::string provider_message_id;
  std::string status;  ///< sent | delivered | read | failed
  std::string error;   ///< for failed: the provider's reason
};

/// A message whose status a receipt changed.
struct applied_receipt {
  int64_t tenant_id = 0;
  int64_t message_id = 0;
  int64_t conversation_id = 0;
  int64_t outbox_id = 0;
  int attempts = 0;
  std::string status;
  std::string error;  ///< for failed: what the outbox row now says
};

/// Whether a message in status `from` moves to `to` on a receipt. Receipts only move forward
/// (queued, sent, delivered, read), since Meta may deliver them out of order; failed applies
/// only to a message not yet delivered.
bool receipt_moves(std::string_view from, std::string_view to);

/// Applies receipts.
class receipt_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit receipt_repo(pg_connection& db) : db_(db) {}

  /// In one transaction, in order: moves each receipted message's status (receipt_moves); a
  /// failed delivery also marks its outbox row failed with the reason, so a person can retry it
  /// like any failed send; marks every event of `updates` processed. A receipt for a message we
  /// do not know (sent from elsewhere) changes nothing. Returns the changes.
  result<std::vector<applied_receipt>> apply(const std::vector<delivery_update>& updates);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
