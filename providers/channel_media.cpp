#include "providers/channel_media.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "common/json_parse.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;

std::string string_of(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

std::optional<double> number_of(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsNumber()) return it->value.GetDouble();
  return std::nullopt;
}

// A kind from a URL's extension, for a Builderbot attachment whose body says nothing.
std::string kind_of_url(const std::string& url) {
  auto path = url.substr(0, url.find_first_of("?#"));
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "webp" || ext == "gif") {
    return "image";
  }
  if (ext == "mp4" || ext == "3gp" || ext == "webm") return "video";
  if (ext == "mp3" || ext == "ogg" || ext == "oga" || ext == "opus" || ext == "aac" ||
      ext == "amr" || ext == "m4a") {
    return "audio";
  }
  return "document";
}

bool known_kind(const std::string& k) {
  return k == "image" || k == "audio" || k == "video" || k == "document" || k == "sticker";
}

bool valid_coordinates(double lat, double lng) {
  return lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
}

}  // namespace

std::string_view placeholder_kind(std::string_view body) {
  auto starts = [&](std::string_view p) { return body.rfind(p, 0) == 0; };
  if (starts("_event_voice_note_") || starts("[audio]")) return "audio";
  if (starts("_event_document_") || starts("[document]")) return "document";
  if (starts("_event_location_") || starts("[location]")) return "location";
  if (starts("[video]")) return "video";
  if (starts("_event_media_") || starts("[media]") || starts("[image]")) return "image";
  return {};
}

std::string placeholder_text(std::string_view body) {
  auto kind = placeholder_kind(body);
  if (kind.empty() || body.front() == '[') return std::string{body};
  return body.rfind("_event_media_", 0) == 0 ? "[media]" : "[" + std::string{kind} + "]";
}

std::vector<storage::media_item> media_of(const channel_message& message) {
  std::vector<storage::media_item> out;
  if (message.attachments.empty() || message.attachments == "[]") return out;
  rapidjson::Document doc;
  if (!parse_json(doc, message.attachments) || !doc.IsArray()) return out;
  const std::string hint{placeholder_kind(message.text)};
  for (const auto& a : doc.GetArray()) {
    if (out.size() >= max_media_per_message) break;
    storage::media_item m;
    if (a.IsString()) {
      m.source_url = {a.GetString(), a.GetStringLength()};
      if (m.source_url.size() > 2048) continue;
      m.kind = !hint.empty() && hint != "location" ? hint : kind_of_url(m.source_url);
      out.push_back(std::move(m));
      continue;
    }
    if (!a.IsObject()) continue;
    auto type = string_of(a, "type");
    if (type == "location") {
      auto lat = number_of(a, "latitude"), lng = number_of(a, "longitude");
      if (!lat || !lng || !valid_coordinates(*lat, *lng)) continue;
      m.kind = "location";
      m.latitude = lat;
      m.longitude = lng;
      m.place_name = string_of(a, "name").substr(0, 256);
      if (auto address = string_of(a, "address"); !address.empty()) {
        m.place_name += (m.place_name.empty() ? "" : ", ") + address.substr(0, 256);
      }
      out.push_back(std::move(m));
      continue;
    }
    m.source_media_id = string_of(a, "media_id");
    if (m.source_media_id.empty() || !known_kind(type)) continue;
    m.kind = type;
    m.mime = string_of(a, "mime_type").substr(0, 128);
    m.filename = string_of(a, "filename").substr(0, 256);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace centralita::providers
