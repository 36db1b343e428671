#pragma once
// The Builderbot Cloud send API (docs/protocols.md §1b):
//   POST {BUILDERBOT_API_URL}/api/v2/{BOT_ID}/messages
//   x-api-builderbot: <key>, Content-Type: application/json
//   {"messages":{"content":"…","mediaUrl":"…"},"number":"5215512345678","checkIfExists":false}
// and, for a hand-off (docs/protocols.md §1c),
//   POST {BUILDERBOT_API_URL}/api/v2/{BOT_ID}/blacklist  {"number":"…","intent":"add"|"remove"}
// The answer's body is undocumented: any 2xx is sent, and an id is taken from it when one is
// recognisable. The API takes no idempotency key, so a repeated POST can repeat the message;
// actors/outbox_sender.cpp explains how the outbox keeps that window small.

#include <chrono>
#include <optional>
#include <string>

#include "providers/http_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// Where and how to reach Builderbot.
struct builderbot_config {
  url_parts base;  ///< BUILDERBOT_API_URL, e.g. https://app.builderbot.cloud
  std::string api_key;
  std::string bot_id;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};
};

/// The request path for a bot: `<base path>/api/v2/<bot id>/messages`.
std::string builderbot_send_path(const url_parts& base, const std::string& bot_id);

/// The request path of the bot's blacklist: `<base path>/api/v2/<bot id>/blacklist`.
std::string builderbot_blacklist_path(const url_parts& base, const std::string& bot_id);

/// The JSON body of a blacklist call: `{"number":"<digits>","intent":"add"|"remove"}`.
std::string builderbot_blacklist_body(const std::string& number, bool add);

/// The JSON body for a message (number reduced to its digits; content " " when only media).
std::string builderbot_send_body(const outbound_message& message);

/// A provider message id from a 2xx body, when it carries one (`id`, `messageId`,
/// `data.id`, `data.messageId`, as a string or number).
std::optional<std::string> builderbot_message_id(const std::string& body);

/// What an HTTP answer means: classify_http_status, Retry-After for retries, a short error.
send_result builderbot_result(const http_answer& answer);

/// Sends through the Builderbot Cloud API.
class builderbot_sender final : public outbound_sender {
 public:
  explicit builderbot_sender(builderbot_config config) : config_(std::move(config)) {}
  send_result send(const outbound_message& message) override;
  send_result blacklist(const std::string& number, bool add) override;
  std::string name() const override { return "builderbot"; }

 private:
  send_result post(const std::string& path, std::string body);

  builderbot_config config_;
};

}  // namespace centralita::providers
