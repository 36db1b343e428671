#pragma once
// One set of shipment statuses for every tracking provider (docs/protocols.md §4c,
// "Unified statuses"): AfterShip's nine tags, which are also the values `shipments.status` allows.
// 17TRACK's main statuses map onto them (NotFound -> Pending, DeliveryFailure -> AttemptFail).

#include <string>
#include <string_view>

namespace centralita::providers {

/// Whose vocabulary a status is in.
enum class tracking_vendor { aftership, seventeentrack };

/// The unified status for a vendor's status, or "" when the value is not one of the vendor's.
/// A 17TRACK sub-status (`InTransit_PickedUp`) maps as its main status (the part before `_`).
std::string unified_shipment_status(tracking_vendor vendor, std::string_view value);

/// True for the nine unified statuses.
bool is_shipment_status(std::string_view status);

}  // namespace centralita::providers
