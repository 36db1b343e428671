#pragma once
// The `service` member of a tenant's settings: the automatic messages to customers
// (docs/architecture.md §CSAT and §Business hours), as the API shows and changes them:
//   {"csat_enabled":true,"away_enabled":false,
//    "away_message":{"es":"... {{next_open}} ...","en":"..."}}
// An away message left empty is the default text of its language. Stored whole.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::net {

/// The effective settings; the member initializers are the defaults.
struct service_settings {
  bool csat_enabled = true;
  bool away_enabled = false;
  std::string away_message_es;  ///< empty: the default text
  std::string away_message_en;
  bool operator==(const service_settings& o) const {
    return csat_enabled == o.csat_enabled && away_enabled == o.away_enabled &&
           away_message_es == o.away_message_es && away_message_en == o.away_message_en;
  }
};

/// The settings in the tenant's stored settings (a JSON object text); malformed values are
/// ignored (their defaults stay).
service_settings service_from_stored(std::string_view stored_json);

/// `current` with a PATCH body applied: 400 for bad JSON, an unknown field or a wrong type;
/// 422 for a message longer than 1000 characters or naming a variable other than
/// {{next_open}}.
result<service_settings> apply_service_patch(const service_settings& current,
                                             const std::string& body);

/// The settings as the API answers them (the default texts filled in), and as stored
/// (`stored`: empty texts kept empty), as {"service":{...}} to merge into the settings.
std::string to_json(const service_settings& s);
std::string stored_service_json(const service_settings& s);

}  // namespace centralita::net
