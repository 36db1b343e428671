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
#include "providers/account_credentials.hpp"

namespace centralita::providers {

/// A stored file to send (docs/architecture.md §Media): Builderbot gets `media_url`, a signed
/// link to it; WhatsApp Cloud gets it uploaded through Graph.
struct outbound_file {
  std::string kind;  ///< image | audio | video | document | sticker
  std::string mime;
  std::string filename;
  std::string path;  ///< where the bytes are (read at send time)
};

/// What to send: digits-only number, text, an optional public media URL and file.
struct outbound_message {
  int64_t outbox_id = 0;
  std::string number;
  std::string content;
  std::optional<std::string> media_url;
  std::optional<outbound_file> file = std::nullopt;
  /// Graph's `template` object (JSON, as stored in the outbox row): a WhatsApp Cloud template
  /// message instead of text; the other senders send `content`.
  std::optional<std::string> template_json = std::nullopt;
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
  /// Adds the number to (`add`) or removes it from the provider bot's blacklist, so the bot's
  /// own flows stop or resume answering it (a hand-off, docs/protocols.md §1c). A provider with
  /// no bot of its own refuses it for good.
  virtual send_result blacklist(const std::string& number, bool add);
  /// "builderbot", "whatsapp_cloud" or "demo", for logs.
  virtual std::string name() const = 0;
};

/// The channel providers an outbox row may name.
inline constexpr const char* outbound_providers[] = {"builderbot", "whatsapp_cloud"};

/// The sender for an account of `provider` ("builderbot" or "whatsapp_cloud") with these
/// credentials: the real API when its key is set (api_key with bot_id; access_token with
/// phone_number_id), demo otherwise; null for any other provider. Timeouts, Builderbot's default
/// URL and the Graph API's URL and version come from the settings.
std::unique_ptr<outbound_sender> make_outbound_sender(const config::settings& settings,
                                                      const std::string& provider,
                                                      const credentials& account);

}  // namespace centralita::providers
