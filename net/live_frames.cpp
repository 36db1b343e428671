#include "net/live_frames.hpp"

#include <rapidjson/document.h>

#include <cstdlib>
#include <string_view>

#include "common/json_parse.hpp"

namespace centralita::net {

int64_t frame_seq(const std::string& frame) {
  constexpr std::string_view prefix = "{\"seq\":";
  if (frame.compare(0, prefix.size(), prefix) != 0) return 0;
  return std::strtoll(frame.c_str() + prefix.size(), nullptr, 10);
}

std::optional<int64_t> resume_after(const std::string& text) {
  rapidjson::Document doc;
  if (!parse_json(doc, text) || !doc.IsObject()) return std::nullopt;
  auto type = doc.FindMember("type");
  auto after = doc.FindMember("after");
  if (type == doc.MemberEnd() || !type->value.IsString() ||
      std::string_view{type->value.GetString()} != "resume" || after == doc.MemberEnd() ||
      !after->value.IsInt64()) {
    return std::nullopt;
  }
  return after->value.GetInt64();
}

std::string resync_frame(int64_t after) {
  return R"({"type":"resync","data":{"after":)" + std::to_string(after) + "}}";
}

}  // namespace centralita::net
