#pragma once
// The periodic refresh of shipments on their way, as a plain function a scheduler can call: ask
// the provider about each due shipment (registering it first when the provider does not know
// it), apply the answer, and say what the dashboard should hear. Also the registration of a
// new shipment. Both block on the provider and the database: call them from a detached actor.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/event_bus.hpp"
#include "common/result.hpp"
#include "providers/tracking_provider.hpp"
#include "storage/pg.hpp"
#include "storage/shipment_repo.hpp"

namespace centralita::actors {

/// What one refresh did.
struct refresh_outcome {
  int checked = 0;             ///< shipments asked about
  int changed = 0;             ///< shipments with a new status or checkpoint
  int failed = 0;              ///< shipments the provider could not answer for (tried again later)
  bool queued_notice = false;  ///< a WhatsApp notice went to the outbox: wake the senders
  std::vector<live_event> announce;  ///< to publish after the commits
};

/// The tracking provider of a tenant: the one its own tracking account makes (the tracking
/// adapter's tracking_providers), so no tenant's look-ups use another's key.
using provider_of = std::function<providers::tracking_provider&(int64_t tenant_id)>;

/// Refreshes up to `limit` shipments last checked at least `min_age_s` before `now_s` (seconds
/// since the epoch), each through its tenant's provider and in its own transaction. Fails only
/// when the database does.
result<refresh_outcome> refresh_due_shipments(storage::pg_connection& db,
                                              const provider_of& provider_for, int64_t now_s,
                                              int min_age_s, int limit = 100);

/// A shipment to register with the provider and store.
struct shipment_registration {
  int64_t tenant_id = 0;
  std::string tracking_number;
  std::string carrier;
  std::string order_number;
  std::string phone;            ///< the customer's digits, to link it; "" to link by mentions
  int64_t conversation_id = 0;  ///< the conversation that asked about it (linked first); 0: none
};

/// Registers `r` with the provider and stores what it answers (linked as shipment_repo does).
result<storage::applied_shipment> register_shipment(storage::pg_connection& db,
                                                    providers::tracking_provider& provider,
                                                    const shipment_registration& r, int64_t now_s,
                                                    std::vector<live_event>& announce);

/// A number a customer gave that no stored shipment matches, looked up with the provider
/// (tracking_provider::look_up, which registers it when `may_register`) and stored when found,
/// linked to the customer by `r.phone`. errc::not_found when nobody can track it.
result<storage::applied_shipment> look_up_shipment(storage::pg_connection& db,
                                                   providers::tracking_provider& provider,
                                                   const shipment_registration& r,
                                                   bool may_register, int64_t now_s,
                                                   std::vector<live_event>& announce);

}  // namespace centralita::actors
