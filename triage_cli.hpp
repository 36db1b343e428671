#pragma once
// `centralita triage`: JSON lines in, the same lines with the triage added out.

#include <iosfwd>

#include "ai/triage.hpp"

namespace centralita {

/// Reads JSON lines {"text": ...} from `in` and writes each back to `out`, in order, with
/// category, confidence, risk, entities, language, rule and reason added. A line that is not a
/// JSON object with a string "text" is written back with an "error" field instead (a line that
/// is not JSON at all becomes {"error": ..., "line": N}); the stream goes on. Returns the number
/// of lines answered with an error.
int run_triage_lines(const ai::triage_model& model, std::istream& in, std::ostream& out);

}  // namespace centralita
