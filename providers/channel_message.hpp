#pragma once
// What a WhatsApp channel tells us, whichever provider carries it (Builderbot, WhatsApp Cloud):
// the parsers of each provider's webhook produce these, and the message writer stores them
// through one pipeline (customer by phone, open conversation, message row, autopilot).

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// Longest message text accepted, in bytes (WhatsApp allows 4,096 characters).
constexpr size_t max_text_bytes = 16384;
/// Longest profile name accepted, in bytes.
constexpr size_t max_name_bytes = 256;

/// One WhatsApp message between a customer and the tenant.
struct channel_message {
  bool incoming = true;     ///< the customer wrote it; false: the bot or an agent, elsewhere
  std::string phone;        ///< the customer's phone, digits only
  std::string name;         ///< the customer's profile name; empty keeps the known one
  std::string text;         ///< the text, a caption or a placeholder such as "[image]"
  std::string attachments;  ///< a JSON array, "[]" when none
};

/// A phone number in international format reduced to its digits (separators a client may add,
/// `+ -()` and spaces, are dropped); errc::invalid_input naming `field` otherwise.
result<std::string> normalize_phone(std::string_view value, const std::string& field);

/// A delivery receipt for a message the tenant sent, named by the provider's message id.
struct delivery_receipt {
  std::string provider_message_id;
  std::string status;  ///< sent | delivered | read | failed
  std::string phone;   ///< the recipient, digits only
  std::string error;   ///< for failed: the provider's reason, short
};

}  // namespace centralita::providers
