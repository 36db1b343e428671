#pragma once
// The `sla` member of the tenant's settings as the API shows and changes it:
//   {"first_response_minutes":{"low":240,"normal":60,"high":30,"urgent":15},
//    "resolution_minutes":{"low":4320,"normal":1440,"high":480,"urgent":240},
//    "business_hours":{"days":["mon",...,"fri"],"start_hour":9,"end_hour":18,
//                      "time_zone":"America/Mexico_City"}}
// A PATCH may give any part of it; the rest stays. The stored form is always the whole policy.

#include <array>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "net/api_json.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::net {

/// The parts of the policy a PATCH gives.
struct sla_patch {
  std::array<std::optional<int>, 4> first_response_minutes;  ///< by storage::sla_priorities
  std::array<std::optional<int>, 4> resolution_minutes;
  std::optional<std::array<bool, 7>> days;
  std::optional<int> start_hour;
  std::optional<int> end_hour;
  std::optional<std::string> time_zone;
};

/// The `sla` member of a PATCH body, when there is one: errc::invalid_input (400) for a wrong
/// shape or type, errc::unprocessable (422) for a value out of range, naming the field
/// (e.g. `sla.business_hours.start_hour`).
result<std::optional<sla_patch>> parse_sla_patch(const std::string& body);

/// The policy after the patch; 422 when a first response would be due after the resolution
/// or the day would end before it starts. The time zone's existence is checked by the caller
/// (PostgreSQL knows the zones).
result<storage::sla_policy> apply_sla_patch(const storage::sla_policy& current, const sla_patch& p);

/// Writes the policy as the value of the current key.
void write_sla(json_builder& j, const storage::sla_policy& p);

}  // namespace centralita::net
