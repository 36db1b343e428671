#include "net/tenant_settings.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>

#include "common/categories.hpp"
#include "common/json_parse.hpp"
#include "net/api_json.hpp"

namespace centralita::net {

namespace {

bool is_mode(std::string_view m) { return m == "ASSISTED" || m == "AUTOPILOT"; }

bool valid_threshold(double t) { return std::isfinite(t) && t >= 0.0 && t <= 1.0; }

std::optional<std::vector<std::string>> stored_categories(const rapidjson::Value& doc,
                                                          const char* name) {
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsArray()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : it->value.GetArray()) {
    if (!v.IsString() || !is_category(v.GetString())) return std::nullopt;
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

// Duplicates dropped, first occurrence kept; 422 naming the field for an unknown category.
result<std::vector<std::string>> normalize(const std::vector<std::string>& in, const char* name) {
  std::vector<std::string> out;
  for (const auto& c : in) {
    if (!is_category(c)) {
      return make_error(errc::unprocessable,
                        std::string{name} + ": " + c +
                            " is not one of INFO, TRACKING, BILLING, QUOTE, COMPLAINT, HUMAN, "
                            "OTHER",
                        "invalid_value");
    }
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

void write_strings(json_builder& j, const char* name, const std::vector<std::string>& items) {
  j.key(name).begin_array();
  for (const auto& s : items) j.value(std::string_view{s});
  j.end_array();
}

}  // namespace

bool ai_settings::operator==(const ai_settings& o) const {
  return ai::policy_settings::operator==(o) &&
         notify_shipment_updates == o.notify_shipment_updates && sla == o.sla;
}

ai_settings settings_from_stored(std::string_view stored_json) {
  ai_settings s;
  rapidjson::Document doc;
  if (!parse_json(doc, stored_json) || !doc.IsObject()) return s;
  if (auto it = doc.FindMember("ai_mode");
      it != doc.MemberEnd() && it->value.IsString() && is_mode(it->value.GetString())) {
    s.ai_mode = it->value.GetString();
  }
  if (auto it = doc.FindMember("confidence_threshold");
      it != doc.MemberEnd() && it->value.IsNumber() && valid_threshold(it->value.GetDouble())) {
    s.confidence_threshold = it->value.GetDouble();
  }
  if (auto c = stored_categories(doc, "autopilot_categories")) s.autopilot_categories = *c;
  if (auto c = stored_categories(doc, "high_risk_categories")) s.high_risk_categories = *c;
  if (auto it = doc.FindMember("notify_shipment_updates");
      it != doc.MemberEnd() && it->value.IsBool()) {
    s.notify_shipment_updates = it->value.GetBool();
  }
  return s;
}

result<ai_settings_patch> parse_settings_patch(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"ai_mode", "confidence_threshold", "autopilot_categories",
                        "high_risk_categories", "notify_shipment_updates", "sla"});
      !s) {
    return s.error();
  }
  if (!b->any_of({"ai_mode", "confidence_threshold", "autopilot_categories", "high_risk_categories",
                  "notify_shipment_updates", "sla"})) {
    return make_error(errc::invalid_input,
                      "nothing to change: give ai_mode, confidence_threshold, "
                      "autopilot_categories, high_risk_categories, notify_shipment_updates "
                      "or sla",
                      "missing_field");
  }
  ai_settings_patch p;
  auto mode = b->optional_string("ai_mode");
  if (!mode) return mode.error();
  p.ai_mode = *mode;
  auto threshold = b->optional_number("confidence_threshold");
  if (!threshold) return threshold.error();
  p.confidence_threshold = *threshold;
  auto autopilot = b->optional_strings("autopilot_categories");
  if (!autopilot) return autopilot.error();
  p.autopilot_categories = *autopilot;
  auto high_risk = b->optional_strings("high_risk_categories");
  if (!high_risk) return high_risk.error();
  p.high_risk_categories = *high_risk;
  auto notify = b->optional_bool("notify_shipment_updates");
  if (!notify) return notify.error();
  p.notify_shipment_updates = *notify;
  auto sla = parse_sla_patch(body);
  if (!sla) return sla.error();
  p.sla = std::move(*sla);
  return p;
}

result<ai_settings> apply_settings_patch(const ai_settings& current, const ai_settings_patch& p) {
  ai_settings s = current;
  if (p.ai_mode) {
    if (!is_mode(*p.ai_mode)) {
      return make_error(errc::unprocessable, "ai_mode must be ASSISTED or AUTOPILOT",
                        "invalid_value");
    }
    s.ai_mode = *p.ai_mode;
  }
  if (p.confidence_threshold) {
    if (!valid_threshold(*p.confidence_threshold)) {
      return make_error(errc::unprocessable, "confidence_threshold must be between 0 and 1",
                        "invalid_value");
    }
    s.confidence_threshold = *p.confidence_threshold;
  }
  if (p.autopilot_categories) {
    auto c = normalize(*p.autopilot_categories, "autopilot_categories");
    if (!c) return c.error();
    s.autopilot_categories = std::move(*c);
  }
  if (p.high_risk_categories) {
    auto c = normalize(*p.high_risk_categories, "high_risk_categories");
    if (!c) return c.error();
    s.high_risk_categories = std::move(*c);
  }
  if (p.notify_shipment_updates) s.notify_shipment_updates = *p.notify_shipment_updates;
  if (p.sla) {
    auto sla = apply_sla_patch(s.sla, *p.sla);
    if (!sla) return sla.error();
    s.sla = std::move(*sla);
  }
  // A high-risk category always goes to a human, so autopilot may not also claim it.
  for (const auto& c : s.autopilot_categories) {
    if (std::find(s.high_risk_categories.begin(), s.high_risk_categories.end(), c) !=
        s.high_risk_categories.end()) {
      return make_error(errc::unprocessable,
                        c + " cannot be both an autopilot and a high-risk category",
                        "invalid_value");
    }
  }
  return s;
}

std::string stored_patch_json(const ai_settings_patch& p, const ai_settings& after) {
  json_builder j;
  j.begin_object();
  if (p.ai_mode) j.field("ai_mode", after.ai_mode);
  if (p.confidence_threshold) j.field("confidence_threshold", after.confidence_threshold);
  if (p.autopilot_categories) write_strings(j, "autopilot_categories", after.autopilot_categories);
  if (p.high_risk_categories) write_strings(j, "high_risk_categories", after.high_risk_categories);
  if (p.notify_shipment_updates) j.field("notify_shipment_updates", after.notify_shipment_updates);
  if (p.sla) write_sla(j.key("sla"), after.sla);
  j.end_object();
  return j.str();
}

std::string to_json(const ai_settings& s) {
  json_builder j;
  j.begin_object()
      .field("ai_mode", s.ai_mode)
      .field("confidence_threshold", s.confidence_threshold);
  write_strings(j, "autopilot_categories", s.autopilot_categories);
  write_strings(j, "high_risk_categories", s.high_risk_categories);
  j.field("notify_shipment_updates", s.notify_shipment_updates);
  write_sla(j.key("sla"), s.sla);
  j.end_object();
  return j.str();
}

}  // namespace centralita::net
