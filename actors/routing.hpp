#pragma once
// Which conversation an event belongs to. Computed from the parsed event when it is accepted,
// and from the stored payload when recovery finds it in the log, so both route it the same way.

#include <cstdint>
#include <string>

#include "providers/builderbot_webhook.hpp"
#include "providers/elevenlabs_webhook.hpp"
#include "providers/whatsapp_cloud_webhook.hpp"

namespace centralita::actors {

/// The key that orders processing: the customer's phone for messages, the line for status
/// events.
std::string routing_key(const providers::builderbot_event& event, int64_t account_id);

/// A call event: the customer's phone when it names one (ordered with their messages), else
/// the call itself (a recording carries no phone).
std::string routing_key(const providers::elevenlabs_event& event);

/// The tracking number of an AfterShip or 17TRACK webhook ("" when it names none): the key of
/// a shipment's events is "shipment:<number>", so one shipment's news applies in order.
std::string tracking_number_of(const std::string& provider, const std::string& payload);
/// A WhatsApp Cloud message or receipt: the customer's phone, so a receipt is ordered with the
/// conversation's messages.
std::string routing_key(const providers::whatsapp_cloud_item& item);

/// The same from a stored payload; empty when it cannot be read (the event is marked failed).
std::string routing_key(const std::string& provider, const std::string& payload,
                        int64_t account_id);

}  // namespace centralita::actors
