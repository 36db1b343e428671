#pragma once
// JSON text for the few places that write a small JSON value by hand (error bodies, event data).

#include <string>

namespace centralita {

/// The text as a JSON string literal: quoted, with quotes, backslashes and control characters
/// escaped. UTF-8 passes through unchanged.
std::string json_string(const std::string& text);

}  // namespace centralita
