#pragma once
// Sending one outgoing WhatsApp message through a provider, behind one interface: the
// Builderbot send API (docs/protocols.md §1b) or the WhatsApp Cloud API (§3) when the channel
// account has its credentials, the demo provider otherwise. Each outbox row names its
// conversation's channel account, and the outbox sender holds one sender per account, built
// from that account's credentials only. A sender is blocking and owned by one thread
// (the outbox sender's detached actor); it never throws.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "config/settings.hpp"

namespace centralita::providers {

/// What to send: digits-only number, text, and an optional public media URL.
struct outbound_message {
  int64_t outbox_id = 0;
  std::string number;
  std::string content;
  std::optional<std::string> media_url;
  /// Graph's `template` object (JSON, as stored in the outbox row): a WhatsApp Cloud template
  /// message instead of text; the other senders send `content`.
  std::optional<std::string> template_json;
};

/// How an attempt ended.
enum class send_status {
  sent,       ///< the provider took it
  retryable,  ///< may work later: 5xx, 429, 408, timeouts, connection errors
  permanent,  ///< will not work as it is: other 4xx, a payload we cannot send
};

/// One attempt's result. `error` is safe to store and show (no keys, no bodies in full).
struct send_result {
  send_status status = send_status::retryable;
  std::optional<std::string> provider_message_id;
  std::string error;
  int http_status = 0;                              ///< 0 when no response came
  std::optional<std::chrono::seconds> retry_after;  ///< the provider's Retry-After
};

/// A provider's send operation.
class outbound_sender {
 public:
  virtual ~outbound_sender() = default;
  /// Sends once; blocking, bounded by the sender's timeouts.
  virtual send_result send(const outbound_message& message) = 0;
  /// "builderbot", "whatsapp_cloud" or "demo", for logs.
  virtual std::string name() const = 0;
};

/// The channel providers an outbox row may name.
inline constexpr const char* outbound_providers[] = {"builderbot", "whatsapp_cloud"};

/// A channel account's credential fields by name (storage/channel_credentials.hpp).
using credentials = std::map<std::string, std::string>;

/// The sender for an account of `provider` ("builderbot" or "whatsapp_cloud") with these
/// credentials: the real API when its key is set (api_key with bot_id; access_token with
/// phone_number_id), demo otherwise; null for any other provider. Timeouts, Builderbot's default
/// URL and the Graph API's URL and version come from the settings.
std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& settings,
                                                      const std::string& provider,
                                                      const credentials& account);

}  // namespace centralita::providers
