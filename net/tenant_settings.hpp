#pragma once
// A tenant's AI settings as the API shows and changes them: the decision policy's settings
// (ai::policy_settings, whose member initializers are the defaults of docs/architecture.md §AI)
// and the tenant's other service settings, merged with what is stored in tenants.settings (jsonb).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/policy.hpp"
#include "common/result.hpp"
#include "net/sla_settings.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::net {

/// The effective settings: the policy's, and the rest; the member initializers are the defaults.
struct ai_settings : ai::policy_settings {
  /// A shipment's status change sends the customer a WhatsApp notice (through the outbox).
  bool notify_shipment_updates = false;
  /// Service levels: read from storage (storage::sla_repo::policy), not by settings_from_stored.
  storage::sla_policy sla;

  bool operator==(const ai_settings& o) const;
};

/// The fields a PATCH gives; absent ones stay as they are.
struct ai_settings_patch {
  std::optional<std::string> ai_mode;
  std::optional<double> confidence_threshold;
  std::optional<std::vector<std::string>> autopilot_categories;
  std::optional<std::vector<std::string>> high_risk_categories;
  std::optional<bool> notify_shipment_updates;
  std::optional<sla_patch> sla;
};

/// The defaults with the stored values over them; a stored value that is malformed is ignored
/// (its default stays), so a bad manual edit of the jsonb can't break the API.
ai_settings settings_from_stored(std::string_view stored_json);

/// Parses a PATCH body: errc::invalid_input (400) for bad JSON, an unknown field, a wrong type
/// or nothing to change (and 422 for an `sla` value out of range, see net/sla_settings.hpp).
result<ai_settings_patch> parse_settings_patch(const std::string& body);

/// The settings after the patch: errc::unprocessable (422) for a value out of range (mode, a
/// threshold outside [0,1], an unknown category, a category both autopilot and high-risk).
/// Categories lose their duplicates.
result<ai_settings> apply_settings_patch(const ai_settings& current, const ai_settings_patch& p);

/// The patch's fields as a JSON object, with `after`'s normalized values, to merge into storage.
std::string stored_patch_json(const ai_settings_patch& p, const ai_settings& after);

/// The settings as the API answers them.
std::string to_json(const ai_settings& s);

}  // namespace centralita::net
