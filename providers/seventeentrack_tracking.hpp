#pragma once
// 17TRACK's API v2.2 (docs/protocols.md §4b): every call is a POST with a JSON array body and the
// header `17token: <key>`:
//   POST {SEVENTEENTRACK_API_URL}/register      [{"number":…,"carrier"?:…,"tag"?:…}]
//   POST {SEVENTEENTRACK_API_URL}/gettrackinfo  [{"number":…,"carrier"?:…}]
// answered `{"code":0,"data":{"accepted":[{number, carrier, track_info?}],"rejected":[…]}}`.
// Also the webhook `{"event":"TRACKING_UPDATED","data":{"number","carrier","tag","track_info"}}`.

#include <string>
#include <string_view>

#include "providers/http_client.hpp"
#include "providers/tracking_provider.hpp"

namespace centralita::providers {

/// A 17TRACK webhook.
struct seventeentrack_webhook {
  std::string event;     ///< TRACKING_UPDATED | TRACKING_STOPPED | …
  bool applies = false;  ///< TRACKING_UPDATED carries a status to apply
  tracking_info info;    ///< number, carrier, tag (as order number) and track_info
};

/// Reads a webhook: errc::invalid_input naming the field (event, data, data.number).
result<seventeentrack_webhook> parse_17track_webhook(std::string_view body);

/// Reads an answer's first accepted item: errc::not_found when the number was rejected (not
/// registered), errc::invalid_input for another shape or a non-zero `code`.
result<tracking_info> parse_17track_answer(std::string_view body);

/// The array body naming one number (and its carrier code when numeric, its order as tag).
std::string seventeentrack_body(const tracking_ref& ref, bool with_tag);

/// The 17TRACK client.
class seventeentrack_tracking final : public tracking_provider {
 public:
  explicit seventeentrack_tracking(tracking_api_config config) : config_(std::move(config)) {}
  result<tracking_info> create(const tracking_ref& ref) override;
  result<tracking_info> get(const tracking_ref& ref) override;
  std::string name() const override { return "17track"; }

 private:
  result<tracking_info> call(const std::string& endpoint, const std::string& body);
  tracking_api_config config_;
};

}  // namespace centralita::providers
