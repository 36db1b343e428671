// Fuzz target: parse_json, the one parser of outside JSON. What it accepts must hold what it
// promises: every string and member name valid UTF-8 and free of forbidden control
// characters, and no nesting deeper than max_json_depth.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json_parse.hpp"
#include "common/text_checks.hpp"

namespace {

bool clean(const rapidjson::Value& s) {
  const std::string_view text{s.GetString(), s.GetStringLength()};
  return centralita::is_valid_utf8(text) && centralita::is_clean_text(text);
}

// True when every string of `v` is clean and `v` nests at most `depth` levels.
bool holds_promise(const rapidjson::Value& v, int depth) {
  if (v.IsString()) return clean(v);
  if (!v.IsArray() && !v.IsObject()) return true;
  if (depth == 0) return false;
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) {
      if (!holds_promise(item, depth - 1)) return false;
    }
    return true;
  }
  for (const auto& m : v.GetObject()) {
    if (!clean(m.name) || !holds_promise(m.value, depth - 1)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  (void)centralita::json_depth_within(text, 3);
  rapidjson::Document doc;
  if (!centralita::parse_json(doc, text)) return 0;
  if (!holds_promise(doc, centralita::max_json_depth)) std::abort();
  // What was accepted, written back, is accepted again.
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  doc.Accept(w);
  rapidjson::Document again;
  if (!centralita::parse_json(again, {buf.GetString(), buf.GetSize()})) std::abort();
  return 0;
}
