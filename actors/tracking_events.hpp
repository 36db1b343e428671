#pragma once
// What tracking news becomes, for the message writer (webhooks) and the tracking adapter
// (refreshes): a provider's tracking_info as a shipment update, applied through
// storage/shipment_repo, and the live events the dashboard should hear of it.

#include <string>
#include <vector>

#include "actors/event_bus.hpp"
#include "common/result.hpp"
#include "providers/tracking_provider.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/pg.hpp"
#include "storage/shipment_repo.hpp"

namespace centralita::actors {

/// True for the providers whose webhooks carry tracking news.
bool is_tracking_provider(const std::string& provider);

/// A provider's answer as an update of the tenant's shipment.
storage::shipment_update shipment_update_from(int64_t tenant_id, const std::string& provider,
                                              const providers::tracking_info& info);

/// The live events of an applied update: `shipment.updated` when it changed anything, and
/// `message.created` for a queued notice.
void announce_shipment(int64_t tenant_id, const storage::applied_shipment& applied,
                       std::vector<live_event>& announce);

/// Stores one accepted AfterShip or 17TRACK webhook (one transaction) and appends its live
/// events; `queued_notice` is set when a notice went to the outbox. A payload that cannot be
/// read is errc::invalid_input: the caller marks the event failed.
status store_tracking_event(storage::pg_connection& db, const storage::pending_event& ev,
                            std::vector<live_event>& announce, bool& queued_notice);

}  // namespace centralita::actors
