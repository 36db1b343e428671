#pragma once
// The demo tracking provider: a simulated timeline that advances with time, deterministic from
// the tracking number and the shipment's creation time, so no network and no state are needed.
// The seeded numbers CS1001-CS1003 continue from where the demo seed leaves them (their earlier
// checkpoints are in the seed); any other number gets a timeline of its own, chosen by a hash
// of the number: information received at creation, then transit, delivery route and delivery
// over about two days (one number in five fails a first delivery attempt). A customer's look-up
// finds only numbers of the demo carrier's own shape (demo_carrier_number), so a number nobody
// shipped gets the honest "not found" a real carrier would give.

#include "providers/tracking_provider.hpp"

namespace centralita::providers {

/// A checkpoint at an offset from the shipment's creation.
struct demo_stage {
  int64_t offset_s = 0;
  std::string status;
  std::string location;
  std::string description;
};

/// The whole scripted timeline of a number: the status before its first stage, then stages.
struct demo_timeline {
  std::string carrier;
  std::string initial_status;
  std::vector<demo_stage> stages;
};

/// The timeline of `tracking_number` (pure; the same number always gets the same one).
demo_timeline demo_timeline_for(const std::string& tracking_number);

/// True for a number of the demo carrier's shape: "CS" and 4 to 10 digits (CS1001, cs20417).
bool demo_carrier_number(const std::string& tracking_number);

/// The demo provider, reading the time from `clock`.
class demo_tracking final : public tracking_provider {
 public:
  explicit demo_tracking(clock_fn clock) : clock_(std::move(clock)) {}
  result<tracking_info> create(const tracking_ref& ref) override;
  result<tracking_info> get(const tracking_ref& ref) override;
  result<tracking_info> look_up(const tracking_ref& ref, bool may_register) override;
  std::string name() const override { return "demo"; }

 private:
  clock_fn clock_;
};

}  // namespace centralita::providers
