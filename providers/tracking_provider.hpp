#pragma once
// One interface for the tracking providers (docs/architecture.md §Actors): register a
// shipment with the provider, and read its current status and checkpoints. The demo provider
// (a simulated timeline), AfterShip (§4a) and 17TRACK (§4b) implement it; the tracking adapter
// actor holds one per tenant, made from the tenant's own tracking account. Calls block (HTTP):
// run them in detached actors.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/settings.hpp"
#include "providers/http_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// A carrier checkpoint. Times are ISO 8601 text (with an offset, or carrier-local without).
struct tracking_checkpoint {
  std::string occurred_at;
  std::string status;  ///< unified (providers/tracking_status.hpp)
  std::string location;
  std::string description;
};

/// What a provider knows about one shipment now.
struct tracking_info {
  std::string tracking_number;
  std::string carrier;       ///< the provider's courier code or name; "" when unknown
  std::string provider_ref;  ///< the provider's id of the tracking (AfterShip `id`)
  std::string status;        ///< unified; "" when the provider said nothing about it
  std::string status_at;     ///< when the status was true (ISO 8601); "" when unknown
  std::string order_number;  ///< "" when unknown
  std::string phone;         ///< the recipient's phone digits when the provider has it
  std::optional<std::string> eta;
  std::vector<tracking_checkpoint> checkpoints;  ///< oldest first
};

/// Which shipment to ask about.
struct tracking_ref {
  std::string tracking_number;
  std::string carrier;
  std::string provider_ref;  ///< from an earlier answer; "" when never registered
  std::string order_number;
  int64_t created_at_s = 0;  ///< when the shipment was created here (the demo's timeline)
};

/// Where and how to reach a tracking vendor's API.
struct tracking_api_config {
  url_parts base;  ///< AFTERSHIP_API_URL or SEVENTEENTRACK_API_URL (each has its default)
  std::string api_key;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};
};

/// A tracking provider.
class tracking_provider {
 public:
  virtual ~tracking_provider() = default;
  /// Registers the shipment with the provider (idempotent where the provider allows it).
  virtual result<tracking_info> create(const tracking_ref& ref) = 0;
  /// The shipment's current status and checkpoints; errc::not_found when the provider does not
  /// know it (register it first), errc::unavailable for a transport failure or a 429/5xx.
  virtual result<tracking_info> get(const tracking_ref& ref) = 0;
  /// A number a customer gave that no stored shipment matches: what the provider knows about
  /// it, registering it first when `may_register` (a tracking number, not an order number) and
  /// the provider tracks only registered numbers. errc::not_found when it cannot be tracked
  /// (unknown, or refused as invalid), errc::unavailable when the provider did not answer.
  virtual result<tracking_info> look_up(const tracking_ref& ref, bool may_register);
  /// "demo", "aftership" or "17track".
  virtual std::string name() const = 0;
};

/// Seconds since the epoch: the demo's clock, injectable for tests.
using clock_fn = std::function<int64_t()>;

/// The provider of a tracking account: `provider` "aftership" or "17track" with the account's
/// api_key and api_url (AFTERSHIP_API_URL or SEVENTEENTRACK_API_URL when unset); the demo
/// timeline for any other provider or a URL that does not parse.
std::unique_ptr<tracking_provider> make_tracking_provider(const config::settings& s,
                                                          const std::string& provider,
                                                          const credentials& account,
                                                          clock_fn clock);

/// `t` (seconds since the epoch) as `YYYY-MM-DDTHH:MM:SSZ`.
std::string iso_utc(int64_t t);

/// True for an ISO 8601 date-time PostgreSQL reads as a timestamptz: `YYYY-MM-DDTHH:MM:SS`,
/// optional fraction, optional `Z` or `±HH:MM`.
bool is_iso_datetime(const std::string& text);

}  // namespace centralita::providers
