#include "providers/location_attachment.hpp"

namespace centralita::providers {

bool write_location(rapidjson::Writer<rapidjson::StringBuffer>& w, const rapidjson::Value& place,
                    std::initializer_list<const char*> texts) {
  if (!place.IsObject()) return false;
  auto lat = place.FindMember("latitude"), lng = place.FindMember("longitude");
  if (lat == place.MemberEnd() || lng == place.MemberEnd() || !lat->value.IsNumber() ||
      !lng->value.IsNumber()) {
    return false;
  }
  w.StartObject();
  w.Key("type");
  w.String("location");
  w.Key("latitude");
  w.Double(lat->value.GetDouble());
  w.Key("longitude");
  w.Double(lng->value.GetDouble());
  for (const char* key : texts) {
    auto v = place.FindMember(key);
    if (v == place.MemberEnd() || !v->value.IsString() || v->value.GetStringLength() == 0) continue;
    w.Key(key);
    w.String(v->value.GetString(), v->value.GetStringLength());
  }
  w.EndObject();
  return true;
}

}  // namespace centralita::providers
