#pragma once
// `centralita-bench seed-api`: fills one tenant with a large inbox (customers, conversations,
// messages, tickets, suggestions, webhook events) in a few set-based INSERT ... SELECT
// generate_series statements, so the API's list routes can be measured at scale.

#include <cstdint>
#include <string>

namespace centralita::bench {

/// What `seed-api` writes.
struct api_seed_options {
  std::string database_url;
  std::string tenant = "demo";
  int64_t conversations = 100000;  ///< one customer each
  int64_t messages = 1000000;      ///< spread evenly over the conversations
};

/// The phone prefix of the seeded customers: `<prefix><8 digits>`. A tenant that already has
/// customers with this prefix is left as it is.
inline constexpr const char* api_seed_phone_prefix = "52177";

/// Seeds (or finds already seeded) and prints one JSON object; non-zero when it could not run.
int run_api_seed(const api_seed_options& options);

}  // namespace centralita::bench
