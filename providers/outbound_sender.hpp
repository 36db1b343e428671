#pragma once
// Sending one outgoing WhatsApp message through a provider, behind one interface: the
// Builderbot send API (docs/protocols.md §1b) or the WhatsApp Cloud API (§3) when configured, the
// demo provider otherwise. Each outbox row names its conversation's channel provider, and the
// outbox sender holds one sender per provider. A sender is blocking and owned by one thread
// (the outbox sender's detached actor); it never throws.

#include <chrono>
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

/// The sender for `provider` ("builderbot" or "whatsapp_cloud") the settings choose: the real
/// API when its keys are set (BUILDERBOT_API_KEY; WHATSAPP_CLOUD_ACCESS_TOKEN), demo otherwise;
/// null for any other provider.
std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& settings,
                                                      const std::string& provider);

}  // namespace centralita::providers
