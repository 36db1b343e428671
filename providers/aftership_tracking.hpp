#pragma once
// AfterShip's Tracking API, version 2025-01 (docs/protocols.md §4a):
//   POST {AFTERSHIP_API_URL}/tracking/2025-01/trackings            {"tracking_number":…}
//   GET  {AFTERSHIP_API_URL}/tracking/2025-01/trackings/{id}
//   GET  {AFTERSHIP_API_URL}/tracking/2025-01/trackings?tracking_numbers=…
// with `as-api-key: <key>`; answers are enveloped `{"meta":{"code",…},"data":{…}}`. Also the
// webhook (`{"ts","event","event_id","msg":<tracking>}`), whose tracking object reads the same.

#include <string>
#include <string_view>

#include "providers/http_client.hpp"
#include "providers/tracking_provider.hpp"

namespace centralita::providers {

/// The pinned API version.
inline constexpr const char* aftership_api_version = "2025-01";

/// The AfterShip webhook's events Centralita applies; any other is recorded and ignored.
struct aftership_webhook {
  std::string event;     ///< tracking_update | edd_revise | tracking_pending_time | …
  std::string event_id;  ///< AfterShip's id of the delivery: the idempotency key
  bool applies = false;  ///< tracking_update and edd_revise carry a tracking to apply
  int64_t ts = 0;        ///< when AfterShip sent it (0 when absent)
  tracking_info info;    ///< the tracking (`msg`), when it applies
};

/// Reads a webhook: errc::invalid_input naming the field (event, event_id, msg,
/// msg.tracking_number) for what is missing or malformed.
result<aftership_webhook> parse_aftership_webhook(std::string_view body);

/// Reads an API answer's `data` tracking (or the first of `data.trackings`): errc::not_found
/// when a search found none, errc::invalid_input when the body is not AfterShip's shape.
result<tracking_info> parse_aftership_answer(std::string_view body);

/// The create request's body.
std::string aftership_create_body(const tracking_ref& ref);

/// The AfterShip client.
class aftership_tracking final : public tracking_provider {
 public:
  explicit aftership_tracking(tracking_api_config config) : config_(std::move(config)) {}
  result<tracking_info> create(const tracking_ref& ref) override;
  result<tracking_info> get(const tracking_ref& ref) override;
  std::string name() const override { return "aftership"; }

 private:
  result<tracking_info> call(const std::string& method, const std::string& path,
                             const std::string& body, const std::string& what);
  tracking_api_config config_;
};

}  // namespace centralita::providers
