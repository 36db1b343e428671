#include "net/sla_settings.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "common/json_parse.hpp"

namespace centralita::net {

namespace {

using storage::sla_day_names;
using storage::sla_priorities;

constexpr int year_minutes = 366 * 24 * 60;

error out_of_range(const std::string& field, const std::string& what) {
  return make_error(errc::unprocessable, field + " " + what, "invalid_value");
}

status only(const rapidjson::Value& v, const std::string& path,
            std::initializer_list<std::string_view> allowed) {
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    std::string_view name{it->name.GetString(), it->name.GetStringLength()};
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return make_error(errc::invalid_input, "unknown field " + path + "." + std::string{name},
                        "unknown_field");
    }
  }
  return ok_status();
}

result<std::optional<int>> integer(const rapidjson::Value& parent, const char* name,
                                   const std::string& path, int lo, int hi) {
  auto it = parent.FindMember(name);
  if (it == parent.MemberEnd() || it->value.IsNull()) return std::optional<int>{};
  const std::string field = path + "." + name;
  if (!it->value.IsInt()) return invalid_field(field, "must be an integer");
  const int v = it->value.GetInt();
  if (v < lo || v > hi) {
    return out_of_range(field,
                        "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return std::optional<int>{v};
}

status minutes(const rapidjson::Value& sla, const char* name,
               std::array<std::optional<int>, 4>& out) {
  auto it = sla.FindMember(name);
  if (it == sla.MemberEnd() || it->value.IsNull()) return ok_status();
  const std::string path = std::string{"sla."} + name;
  if (!it->value.IsObject()) return invalid_field(path, "must be an object by priority");
  if (auto s = only(it->value, path, {"low", "normal", "high", "urgent"}); !s) return s;
  for (size_t i = 0; i < sla_priorities.size(); ++i) {
    const std::string key{sla_priorities[i]};
    auto v = integer(it->value, key.c_str(), path, 1, year_minutes);
    if (!v) return v.error();
    out[i] = *v;
  }
  return ok_status();
}

result<std::optional<std::array<bool, 7>>> days(const rapidjson::Value& hours) {
  using days_t = std::optional<std::array<bool, 7>>;
  auto it = hours.FindMember("days");
  if (it == hours.MemberEnd() || it->value.IsNull()) return days_t{};
  const std::string field = "sla.business_hours.days";
  if (!it->value.IsArray()) return invalid_field(field, "must be an array of day names");
  std::array<bool, 7> out{};
  for (const auto& d : it->value.GetArray()) {
    if (!d.IsString()) return invalid_field(field, "must be an array of day names");
    std::string_view name{d.GetString(), d.GetStringLength()};
    auto found = std::find(sla_day_names.begin(), sla_day_names.end(), name);
    if (found == sla_day_names.end()) {
      return out_of_range(
          field, ": " + std::string{name} + " is not one of mon, tue, wed, thu, fri, sat, sun");
    }
    out[found - sla_day_names.begin()] = true;
  }
  if (std::none_of(out.begin(), out.end(), [](bool b) { return b; })) {
    return out_of_range(field, "must name at least one day");
  }
  return days_t{out};
}

status business_hours(const rapidjson::Value& sla, sla_patch& p) {
  auto it = sla.FindMember("business_hours");
  if (it == sla.MemberEnd() || it->value.IsNull()) return ok_status();
  const std::string path = "sla.business_hours";
  const auto& h = it->value;
  if (!h.IsObject()) return invalid_field(path, "must be an object");
  if (auto s = only(h, path, {"days", "start_hour", "end_hour", "time_zone"}); !s) return s;
  auto d = days(h);
  if (!d) return d.error();
  p.days = *d;
  auto start = integer(h, "start_hour", path, 0, 23);
  if (!start) return start.error();
  p.start_hour = *start;
  auto end = integer(h, "end_hour", path, 1, 24);
  if (!end) return end.error();
  p.end_hour = *end;
  if (auto tz = h.FindMember("time_zone"); tz != h.MemberEnd() && !tz->value.IsNull()) {
    if (!tz->value.IsString() || tz->value.GetStringLength() == 0 ||
        tz->value.GetStringLength() > 64) {
      return invalid_field(path + ".time_zone",
                           "must be a time zone name such as "
                           "America/Mexico_City");
    }
    p.time_zone = std::string{tz->value.GetString(), tz->value.GetStringLength()};
  }
  return ok_status();
}

void write_minutes(json_builder& j, const char* name, const storage::sla_policy& p,
                   int storage::sla_target::*field) {
  j.key(name).begin_object();
  for (size_t i = 0; i < sla_priorities.size(); ++i) {
    j.field(sla_priorities[i], int64_t{p.targets[i].*field});
  }
  j.end_object();
}

}  // namespace

result<std::optional<sla_patch>> parse_sla_patch(const std::string& body) {
  rapidjson::Document doc;
  // The body as a whole was validated by the caller; only the member matters here.
  if (!parse_json(doc, body) || !doc.IsObject()) return std::optional<sla_patch>{};
  auto it = doc.FindMember("sla");
  if (it == doc.MemberEnd() || it->value.IsNull()) return std::optional<sla_patch>{};
  const auto& sla = it->value;
  if (!sla.IsObject()) return invalid_field("sla", "must be an object");
  if (auto s = only(sla, "sla", {"first_response_minutes", "resolution_minutes", "business_hours"});
      !s) {
    return s.error();
  }
  sla_patch p;
  if (auto s = minutes(sla, "first_response_minutes", p.first_response_minutes); !s) {
    return s.error();
  }
  if (auto s = minutes(sla, "resolution_minutes", p.resolution_minutes); !s) return s.error();
  if (auto s = business_hours(sla, p); !s) return s.error();
  return std::optional<sla_patch>{std::move(p)};
}

result<storage::sla_policy> apply_sla_patch(const storage::sla_policy& current,
                                            const sla_patch& p) {
  storage::sla_policy s = current;
  for (size_t i = 0; i < sla_priorities.size(); ++i) {
    if (p.first_response_minutes[i]) {
      s.targets[i].first_response_minutes = *p.first_response_minutes[i];
    }
    if (p.resolution_minutes[i]) s.targets[i].resolution_minutes = *p.resolution_minutes[i];
    if (s.targets[i].first_response_minutes > s.targets[i].resolution_minutes) {
      const std::string prio{sla_priorities[i]};
      return out_of_range("sla.first_response_minutes." + prio,
                          "cannot be more than sla.resolution_minutes." + prio);
    }
  }
  if (p.days) s.hours.days = *p.days;
  if (p.start_hour) s.hours.start_hour = *p.start_hour;
  if (p.end_hour) s.hours.end_hour = *p.end_hour;
  if (p.time_zone) s.hours.time_zone = *p.time_zone;
  if (s.hours.end_hour <= s.hours.start_hour) {
    return out_of_range("sla.business_hours.end_hour", "must be after start_hour");
  }
  return s;
}

void write_sla(json_builder& j, const storage::sla_policy& p) {
  j.begin_object();
  write_minutes(j, "first_response_minutes", p, &storage::sla_target::first_response_minutes);
  write_minutes(j, "resolution_minutes", p, &storage::sla_target::resolution_minutes);
  j.key("business_hours").begin_object().key("days").begin_array();
  for (size_t i = 0; i < sla_day_names.size(); ++i) {
    if (p.hours.days[i]) j.value(sla_day_names[i]);
  }
  j.end_array()
      .field("start_hour", int64_t{p.hours.start_hour})
      .field("end_hour", int64_t{p.hours.end_hour})
      .field("time_zone", p.hours.time_zone)
      .end_object();
  j.end_object();
}

}  // namespace centralita::net
