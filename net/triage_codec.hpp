#pragma once
// The JSON of a triage result, shared by the API and the `centralita triage` command.

#include "ai/triage.hpp"
#include "net/api_json.hpp"

namespace centralita::net {

/// The members category, confidence, risk, language, entities, rule and reason (no braces), so
/// a caller can add them to an object of its own.
void write_triage_fields(json_builder& j, const ai::triage_result& t);

}  // namespace centralita::net
