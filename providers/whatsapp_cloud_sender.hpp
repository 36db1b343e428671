#pragma once
// The WhatsApp Cloud API send endpoint (docs/protocols.md §3):
//   POST {WHATSAPP_CLOUD_API_URL}/{version}/{phone number id}/messages
//   Authorization: Bearer <access token>, Content-Type: application/json
//   {"messaging_product":"whatsapp","recipient_type":"individual","to":"521…","type":"text",
//    "text":{"preview_url":false,"body":"…"}}
// The answer names the message: {"messages":[{"id":"wamid.…"}]}; that id is what the delivery
// receipts of the webhook refer to. 429, 5xx and transport failures are retried, other 4xx
// (e.g. outside the 24-hour window, which only templates may cross) are permanent.

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "providers/http_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// Where and how to reach the Graph API.
struct whatsapp_cloud_config {
  url_parts base;                 ///< WHATSAPP_CLOUD_API_URL, e.g. https://graph.facebook.com
  std::string version = "v21.0";  ///< WHATSAPP_CLOUD_API_VERSION
  std::string access_token;       ///< WHATSAPP_CLOUD_ACCESS_TOKEN
  std::string phone_number_id;    ///< WHATSAPP_CLOUD_PHONE_NUMBER_ID
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};
};

/// The Graph API's URL, version and timeouts from the settings, the token and phone number id
/// from the account's credentials.
whatsapp_cloud_config whatsapp_cloud_config_from(const config::settings& settings,
                                                 const credentials& account);

/// The request path: `<base path>/<version>/<phone number id>/messages`.
std::string whatsapp_cloud_send_path(const whatsapp_cloud_config& config);

/// The JSON body: a text message, or with a media URL an image, video, audio or document (by
/// the URL's extension) with the text as its caption.
std::string whatsapp_cloud_send_body(const outbound_message& message);

/// The upload path of a file: `<base path>/<version>/<phone number id>/media`.
std::string whatsapp_cloud_media_path(const whatsapp_cloud_config& config);

/// The multipart/form-data body of an upload: messaging_product, type and the file.
std::string whatsapp_cloud_upload_body(const outbound_file& file, const std::string& bytes,
                                       const std::string& boundary);

/// The JSON body of a media message naming an uploaded file by its Graph media id, with the
/// text as its caption (not for audio or stickers) and a document's file name.
std::string whatsapp_cloud_media_body(const outbound_message& message, const std::string& media_id);

/// What an HTTP answer means: the wamid of a 2xx, else the Graph error's code and message.
send_result whatsapp_cloud_result(const http_answer& answer);

/// Sends through the WhatsApp Cloud API.
class whatsapp_cloud_sender final : public outbound_sender {
 public:
  explicit whatsapp_cloud_sender(whatsapp_cloud_config config) : config_(std::move(config)) {}
  /// A message with a file uploads it first (POST /media), then sends it by its media id; an
  /// upload that fails is the attempt's result (retried or refused like a send).
  send_result send(const outbound_message& message) override;
  std::string name() const override { return "whatsapp_cloud"; }

 private:
  std::variant<std::string, send_result> upload(const outbound_file& file);

  whatsapp_cloud_config config_;
};

}  // namespace centralita::providers
