#pragma once
// Labelled messages for training and evaluation, read from JSON lines
// {"text": ..., "lang": ..., "label": ...}. The reader understands flat JSON objects only,
// which is all the data files hold (other fields are skipped).

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace centralita::ai {

/// One labelled message.
struct labelled_text {
  std::string text;
  std::string lang;
  std::string label;  ///< one of centralita::categories
};

/// The string value of `key` in a one-line flat JSON object; not_found when the key is missing,
/// invalid_input when the line is not such an object or the value is not a string.
result<std::string> json_string_field(std::string_view line, std::string_view key);

/// Reads a JSONL file of labelled messages; an unknown label or a bad line is an error naming it.
result<std::vector<labelled_text>> read_labelled(const std::string& path);

}  // namespace centralita::ai
