#include "common/json_parse.hpp"

#include <rapidjson/error/en.h>

#include <cmath>
#include <string>

#include "common/text_checks.hpp"

namespace centralita {

namespace {

// What is wrong with a string or member name, or nullptr when nothing is.
const char* flaw_of(std::string_view text) {
  // RapidJSON 1.1 decodes a lone low surrogate escape ("\udc00") into the three bytes of the
  // surrogate, which are not UTF-8 (and PostgreSQL refuses them), although the input was.
  if (!is_valid_utf8(text)) return " is not valid UTF-8 (a lone surrogate escape)";
  if (!is_clean_text(text)) return " contains a control character";
  return nullptr;
}

// The path of the first string (or member name) or number that is flawed, and its flaw; false
// when all are sound. The depth is already bounded, so the recursion is too.
bool find_dirty(const rapidjson::Value& v, std::string& path, const char*& flaw) {
  if (v.IsString()) return (flaw = flaw_of({v.GetString(), v.GetStringLength()})) != nullptr;
  // RapidJSON 1.1 reads a long significand with a large exponent
  // ("4444444444400000001770661011e298") as infinity instead of refusing it; no JSON writer
  // can write it back, and no field means it.
  if (v.IsDouble() && !std::isfinite(v.GetDouble())) {
    flaw = " is a number out of range";
    return true;
  }
  if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      auto mark = path.size();
      path += "[" + std::to_string(i) + "]";
      if (find_dirty(v[i], path, flaw)) return true;
      path.resize(mark);
    }
    return false;
  }
  if (!v.IsObject()) return false;
  for (const auto& m : v.GetObject()) {
    std::string_view name{m.name.GetString(), m.name.GetStringLength()};
    auto mark = path.size();
    if (!path.empty()) path += '.';
    if ((flaw = flaw_of(name)) != nullptr) {
      path += "(a member name)";
      return true;
    }
    path += name;
    if (find_dirty(m.value, path, flaw)) return true;
    path.resize(mark);
  }
  return false;
}

}  // namespace

bool json_depth_within(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

status parse_json(rapidjson::Document& doc, std::string_view text) {
  // RapidJSON reads a NUL byte as the end of the text, which would let anything follow it.
  if (text.find('\0') != std::string_view::npos) {
    return make_error(errc::invalid_input, "the text contains a NUL byte", "invalid_json");
  }
  if (!json_depth_within(text)) {
    return make_error(errc::invalid_input,
                      "JSON nests deeper than " + std::to_string(max_json_depth) + " levels",
                      "too_deep");
  }
  constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  doc.Parse<flags>(text.data(), text.size());
  if (doc.HasParseError()) {
    return make_error(errc::invalid_input,
                      "malformed JSON at byte " + std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError()),
                      "invalid_json");
  }
  std::string path;
  const char* flaw = nullptr;
  if (find_dirty(doc, path, flaw)) {
    return make_error(errc::invalid_input, (path.empty() ? std::string{"the value"} : path) + flaw,
                      "invalid_field");
  }
  return ok_status();
}

}  // namespace centralita
