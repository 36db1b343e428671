#pragma once
// The one way JSON from outside is read: webhooks, API bodies, WebSocket frames, provider
// answers, tokens and imports all parse through parse_json, so none can recurse without bound
// or carry a control character into a field.

#include <rapidjson/document.h>

#include <string_view>

#include "common/result.hpp"

namespace centralita {

/// The deepest nesting of arrays and objects any JSON input may have.
constexpr int max_json_depth = 64;

/// Parses `text` as exactly one JSON value (nothing but whitespace after it): UTF-8 validated,
/// without recursion, at most max_json_depth levels deep, every string and member name valid
/// UTF-8 once unescaped and free of control characters other than tab, LF and CR, and every
/// number finite. Errors are errc::invalid_input with detail invalid_json (naming the byte),
/// too_deep, or invalid_field naming the member's path ("data.body", "items[2].text").
status parse_json(rapidjson::Document& doc, std::string_view text);

/// Only the depth check of parse_json: false when arrays and objects nest deeper than `limit`.
bool json_depth_within(std::string_view text, int limit = max_json_depth);

}  // namespace centralita
