#include "providers/aftership_tracking.hpp"

#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "providers/tracking_json.hpp"
#include "providers/tracking_status.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;
using namespace tracking_json;

// "Austin, TX, USA" from whichever parts the checkpoint has.
std::string location_of(const Value& cp) {
  if (auto l = text(cp, "location"); !l.empty()) return l;
  std::string out;
  for (const char* key : {"city", "state", "country_region_name", "country_region"}) {
    auto part = text(cp, key);
    if (part.empty()) continue;
    if (!out.empty()) out += ", ";
    out += part;
    if (std::string{key} == "country_region_name") break;  // the name, not also the code
  }
  return out;
}

// The estimate is a date-time string in older answers and an object in 2025-01.
std::optional<std::string> eta_of(const Value& t) {
  for (const char* key : {"aftership_estimated_delivery_date", "courier_estimated_delivery_date"}) {
    const auto* v = member(t, key);
    if (!v) continue;
    std::string when = v->IsString() ? text(t, key) : text(*v, "estimated_delivery_date");
    if (is_iso_datetime(when) || (when.size() == 10 && is_iso_datetime(when + "T00:00:00Z"))) {
      return when;
    }
  }
  return std::nullopt;
}

// A tracking object (the API's `data` or the webhook's `msg`); `field` prefixes error names.
result<tracking_info> read_tracking(const Value& t, const std::string& field) {
  if (!t.IsObject()) return invalid(field, "must be an object");
  tracking_info info;
  info.tracking_number = text(t, "tracking_number");
  if (info.tracking_number.empty()) {
    return invalid(field + ".tracking_number", "is required", "missing_field");
  }
  if (!valid_tracking_number(info.tracking_number)) {
    return invalid(field + ".tracking_number", "must be 3 to 64 letters, digits or '-'");
  }
  info.provider_ref = text(t, "id");
  info.carrier = text(t, "slug");
  info.status = unified_shipment_status(tracking_vendor::aftership, text(t, "tag"));
  info.order_number = text(t, "order_number");
  if (info.order_number.empty()) info.order_number = text(t, "order_id");
  info.eta = eta_of(t);
  if (const auto* customers = member(t, "customers"); customers && customers->IsArray()) {
    for (const auto& c : customers->GetArray()) {
      info.phone = phone_digits(text(c, "phone_number"));
      if (!info.phone.empty()) break;
    }
  }
  if (const auto* cps = member(t, "checkpoints"); cps && cps->IsArray()) {
    for (const auto& cp : cps->GetArray()) {
      auto when = text(cp, "checkpoint_time");
      if (!is_iso_datetime(when)) continue;  // a checkpoint without a readable time is noise
      auto status = unified_shipment_status(tracking_vendor::aftership, text(cp, "tag"));
      info.checkpoints.push_back(
          {when, status.empty() ? info.status : status, location_of(cp), text(cp, "message")});
    }
  }
  if (!info.checkpoints.empty()) info.status_at = info.checkpoints.back().occurred_at;
  return info;
}

}  // namespace

result<aftership_webhook> parse_aftership_webhook(std::string_view body) {
  rapidjson::Document d;
  if (auto s = parse_object(d, body); !s) return s.error();
  aftership_webhook w;
  w.event = text(d, "event");
  if (w.event.empty()) return invalid("event", "is required", "missing_field");
  w.event_id = text(d, "event_id");
  if (w.event_id.empty()) return invalid("event_id", "is required", "missing_field");
  if (w.event_id.size() > 128) return invalid("event_id", "is longer than 128");
  if (const auto* ts = member(d, "ts"); ts && ts->IsInt64()) w.ts = ts->GetInt64();
  w.applies = w.event == "tracking_update" || w.event == "edd_revise";
  if (!w.applies) return w;
  const auto* msg = member(d, "msg");
  if (!msg) return invalid("msg", "is required", "missing_field");
  auto info = read_tracking(*msg, "msg");
  if (!info) return info.error();
  w.info = std::move(*info);
  // The delivery's time orders the news when no checkpoint dates it.
  if (w.info.status_at.empty() && w.ts > 0) w.info.status_at = iso_utc(w.ts);
  return w;
}

result<tracking_info> parse_aftership_answer(std::string_view body) {
  rapidjson::Document d;
  if (auto s = parse_object(d, body); !s) return s.error();
  const auto* data = member(d, "data");
  if (!data || !data->IsObject()) return invalid("data", "is missing from the answer");
  if (const auto* list = member(*data, "trackings"); list && list->IsArray()) {
    if (list->Empty()) return make_error(errc::not_found, "AfterShip knows no such tracking");
    return read_tracking((*list)[0], "data.trackings[0]");
  }
  return read_tracking(*data, "data");
}

std::string aftership_create_body(const tracking_ref& ref) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("tracking_number");
  w.String(ref.tracking_number.c_str());
  if (!ref.order_number.empty()) {
    w.Key("order_number");
    w.String(ref.order_number.c_str());
  }
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

result<tracking_info> aftership_tracking::call(const std::string& method, const std::string& path,
                                               const std::string& body, const std::string& what) {
  http_call c;
  c.method = method;
  c.target = config_.base;
  c.path = config_.base.path + "/tracking/" + aftership_api_version + path;
  c.headers = {{"as-api-key", config_.api_key}, {"Accept", "application/json"}};
  if (!body.empty()) c.headers.emplace_back("Content-Type", "application/json");
  c.body = body;
  c.connect_timeout = config_.connect_timeout;
  c.timeout = config_.timeout;
  auto answer = http_send(c);
  if (!answer) return answer.error();
  if (answer->status < 200 || answer->status >= 300) return http_failure(*answer, what);
  return parse_aftership_answer(answer->body);
}

result<tracking_info> aftership_tracking::create(const tracking_ref& ref) {
  return call("POST", "/trackings", aftership_create_body(ref), "AfterShip create tracking");
}

result<tracking_info> aftership_tracking::get(const tracking_ref& ref) {
  if (!ref.provider_ref.empty()) {
    // Ids are AfterShip's own (hex); anything else would change the path.
    for (unsigned char c : ref.provider_ref) {
      if (!std::isalnum(c) && c != '-' && c != '_') {
        return make_error(errc::invalid_input, "AfterShip tracking id has a bad character");
      }
    }
    return call("GET", "/trackings/" + ref.provider_ref, {}, "AfterShip get tracking");
  }
  // Tracking numbers are [A-Za-z0-9-] (checked on the way in), safe in a query string.
  return call("GET", "/trackings?tracking_numbers=" + ref.tracking_number, {},
              "AfterShip find tracking");
}

}  // namespace centralita::providers
