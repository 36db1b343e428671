#pragma once
// Risk of a triaged message: from its category, raised when the customer is angry or threatens.

#include <string_view>

#include "ai/triage.hpp"

namespace centralita::ai {

/// True when the message shows anger or a threat: PROFECO, a lawsuit, insults, "!!!", shouting
/// in capitals, angry emoji.
bool shows_anger(std::string_view raw, std::string_view folded);

/// COMPLAINT and HUMAN are high, BILLING medium, the rest low; an angry message is high.
risk_level assess_risk(std::string_view category, bool angry);

}  // namespace centralita::ai
