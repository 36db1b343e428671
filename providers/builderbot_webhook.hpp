#pragma once
// The Builderbot Cloud webhook (docs/protocols.md §1a): `{"eventName": ..., "data": {...}}`.
// Parsing is strict about what we use and lenient about the rest, since the vendor documents
// no schema: unknown fields are ignored, and unknown event names are kept as such.

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "providers/channel_message.hpp"

namespace centralita::providers {

/// What a Builderbot event means to Centralita.
enum class builderbot_kind {
  message_incoming,  ///< a customer wrote to the bot
  message_outgoing,  ///< the bot or an agent wrote to the customer
  status,            ///< the WhatsApp line connected or disconnected
  unknown,           ///< an event name we do not handle (recorded and acknowledged as ignored)
};

/// A validated Builderbot webhook.
struct builderbot_event {
  builderbot_kind kind = builderbot_kind::unknown;
  std::string event_name;
  std::string phone;        ///< the customer's phone, digits only
  std::string name;         ///< the customer's WhatsApp profile name (incoming only)
  std::string text;         ///< the message text (`body` incoming, `answer` outgoing)
  std::string attachments;  ///< a JSON array of attachment URLs, "[]" when none
  std::string line_status;  ///< "ready" / "disconnect" for status events
  /// The message's own id when the payload carries one (`data.message_id`, `data.messageId`,
  /// `data.id` or Baileys' `data.key.id`); empty otherwise.
  std::string provider_id;
};

/// Validates and extracts; errors are errc::invalid_input naming the field.
result<builderbot_event> parse_builderbot_webhook(std::string_view body);

/// The channel-neutral message of a message event; empty for status and unknown events.
std::optional<channel_message> channel_message_of(const builderbot_event& event);

}  // namespace centralita::providers
