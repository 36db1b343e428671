#pragma once
// Applying what a tracking provider says about a shipment (a webhook or a refresh), in one
// transaction: the shipment upserted by tracking number (a webhook may bring one we have not
// seen), its new checkpoints appended (a redelivered one inserts nothing), its links to the
// customer, conversation and ticket filled in where they can be found, the change audited and,
// when the tenant's `notify_shipment_updates` setting is on and the status changed, a WhatsApp
// notice to the customer queued in the outbox. A webhook's event is locked and marked
// processed in the same transaction, so an event is applied once even when processed twice.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/shipment_query.hpp"

namespace centralita::storage {

/// What a provider says about one shipment; the status is a unified one ("" for no news).
struct shipment_update {
  int64_t tenant_id = 0;
  std::string event_id;  ///< the webhook's event_log row; "" for a refresh
  std::string provider;  ///< demo | aftership | 17track
  std::string tracking_number;
  std::string carrier;
  std::string provider_ref;
  std::string status;
  std::string status_at;  ///< ISO 8601; "" when unknown (then the status always applies)
  std::string order_number;
  std::string phone;  ///< recipient's digits, to find the customer of a new shipment
  /// The conversation that asked about the number: a new shipment's first link, before any
  /// search by phone or by the messages that mention it.
  std::optional<int64_t> conversation_id;
  std::optional<std::string> eta;
  std::vector<checkpoint_record> checkpoints;
  std::optional<std::string> checked_at;  ///< the refresh's time (ISO 8601); else now()
  bool create_missing = true;             ///< false: errc::not_found for an unknown number
};

/// What applying it did.
struct applied_shipment {
  bool applied = false;  ///< false: the event was processed before, nothing changed
  bool created = false;
  bool changed = false;  ///< created, a new status or a new checkpoint: worth a live event
  int64_t shipment_id = 0;
  std::string previous_status;  ///< "" for a new shipment
  std::string status;
  int new_checkpoints = 0;
  std::optional<int64_t> conversation_id;
  std::string shipment_json;                 ///< the shipment as the live event shows it
  std::optional<int64_t> notice_message_id;  ///< the queued WhatsApp notice, if one was
  std::string notice_text;
};

/// A shipment due for a refresh.
struct due_shipment {
  int64_t tenant_id = 0;
  int64_t id = 0;
  std::string tracking_number;
  std::string carrier;
  std::string provider_ref;  ///< "" when never registered
  std::string provider;      ///< whom provider_ref belongs to ("" when none)
  std::string order_number;
  int64_t created_at_s = 0;
};

/// Writes shipments from tracking news.
class shipment_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit shipment_repo(pg_connection& db) : db_(db) {}

  /// Applies `u` in one transaction (see the file comment).
  result<applied_shipment> apply(const shipment_update& u);

  /// Shipments of every tenant on their way (not Delivered or Expired) last checked before
  /// `now` - `min_age_s` (or never), the longest unchecked first.
  result<std::vector<due_shipment>> due(const std::string& now_iso, int min_age_s, int limit);

  /// Records a check that brought nothing (the provider failed): last_checked_at = `now_iso`,
  /// so one failing shipment does not hold back the others.
  status mark_checked(int64_t tenant_id, int64_t id, const std::string& now_iso);

 private:
  pg_connection& db_;
};

/// The WhatsApp notice of a status: Spanish unless `language` is English.
std::string shipment_notice_text(const std::string& language, const std::string& number,
                                 const std::string& status);

}  // namespace centralita::storage
