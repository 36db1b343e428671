#pragma once
// The seven triage categories (docs/architecture.md §AI), shared by tickets, suggestions and the
// tenant's decision settings.

#include <algorithm>
#include <array>
#include <string_view>

namespace centralita {

/// Every category, in the order the dashboard lists them.
inline constexpr std::array<std::string_view, 7> categories = {
    "INFO", "TRACKING", "BILLING", "QUOTE", "COMPLAINT", "HUMAN", "OTHER"};

/// True for one of the seven names (upper case, exactly).
inline bool is_category(std::string_view name) {
  return std::find(categories.begin(), categories.end(), name) != categories.end();
}

}  // namespace centralita
