#pragma once
// What a batch of the AI pipeline reads from the store before it decides, one statement each for
// the whole batch: the shipments its tracking numbers name and its billing customers' invoices.
// Each returns false when the database failed (the session is told; the batch retries later).

#include <functional>

#include "actors/autopilot.hpp"
#include "storage/ai_repo.hpp"

namespace centralita::actors {

/// The stored shipment of each work item `wanted` picks; an item whose number no shipment
/// matches reads as unavailable (until the tracking adapter answers).
bool read_shipments(autopilot_state& st, storage::pg_connection& db,
                    const std::function<bool(const ai_work&)>& wanted);
/// The stored shipment each TRACKING message names.
bool find_shipments(autopilot_state& st, storage::pg_connection& db);
/// The latest invoices of each BILLING message's customer.
bool read_invoices(autopilot_state& st, storage::ai_repo& repo);

}  // namespace centralita::actors
