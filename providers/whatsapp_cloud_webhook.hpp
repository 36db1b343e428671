#pragma once
// The WhatsApp Cloud API webhook (docs/protocols.md §3): `{"object":"whatsapp_business_account",
// "entry":[{"changes":[{"field":"messages","value":{metadata, contacts, messages | statuses}}]}]}`.
// One webhook may carry several messages and receipts. Each becomes an item of its own, with the
// webhook cut down to that one item as its payload, so that every item is one event in the log:
// its own idempotency key (the wamid), its own conversation, and the Builderbot pipeline
// unchanged. A webhook with a single item (Meta's usual delivery) keeps its raw bytes.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "providers/channel_message.hpp"

namespace centralita::providers {

/// What an item is.
enum class whatsapp_cloud_kind {
  message,  ///< a customer wrote
  receipt,  ///< a delivery status of a message the tenant sent
};

/// One message or receipt of a webhook.
struct whatsapp_cloud_item {
  whatsapp_cloud_kind kind = whatsapp_cloud_kind::message;
  std::string id;            ///< the wamid: of the message, or of the message receipted
  channel_message message;   ///< for messages
  delivery_receipt receipt;  ///< for receipts
  std::string payload;       ///< the webhook holding this item alone (the raw body if it is all)
};

/// A validated webhook.
struct whatsapp_cloud_webhook {
  std::string field;  ///< the first change's field: "messages", "account_update", ...
  std::vector<whatsapp_cloud_item> items;  ///< in the body's order; empty: nothing we handle
};

/// Most items in one webhook (Meta batches a few; a 1 MiB body could hold thousands).
constexpr size_t max_whatsapp_cloud_items = 500;

/// Validates and extracts; errors are errc::invalid_input naming the field, e.g.
/// `entry[0].changes[0].value.messages[1].from`. Receipts with a status other than sent,
/// delivered, read or failed, and changes of other fields, are skipped.
result<whatsapp_cloud_webhook> parse_whatsapp_cloud_webhook(std::string_view body);

/// The event name an item is logged with: "message" or "status.<status>".
std::string whatsapp_cloud_event_name(const whatsapp_cloud_item& item);

/// The provider's id for idempotency: the wamid for a message, the wamid and status for a
/// receipt (a message is sent, then delivered, then read: three receipts, each once).
std::string whatsapp_cloud_provider_id(const whatsapp_cloud_item& item);

}  // namespace centralita::providers
