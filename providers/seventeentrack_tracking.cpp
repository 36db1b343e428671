#include "providers/seventeentrack_tracking.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "providers/tracking_json.hpp"
#include "providers/tracking_status.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;
using namespace tracking_json;

// `time_utc` when it is there (unambiguous), else the carrier-local `time_iso`.
std::string time_of(const Value& ev) {
  auto t = text(ev, "time_utc");
  if (is_iso_datetime(t)) return t;
  t = text(ev, "time_iso");
  return is_iso_datetime(t) ? t : std::string{};
}

void read_events(const Value& track_info, tracking_info& info) {
  const auto* tracking = member(track_info, "tracking");
  const auto* providers = tracking ? member(*tracking, "providers") : nullptr;
  if (providers && providers->IsArray()) {
    for (const auto& p : providers->GetArray()) {
      const auto* events = member(p, "events");
      if (!events || !events->IsArray()) continue;
      for (const auto& ev : events->GetArray()) {
        auto when = time_of(ev);
        if (when.empty()) continue;
        auto status =
            unified_shipment_status(tracking_vendor::seventeentrack, text(ev, "sub_status"));
        info.checkpoints.push_back({when, status.empty() ? info.status : status,
                                    text(ev, "location"), text(ev, "description")});
      }
      break;  // the first provider is the carrier doing the delivery
    }
  }
  if (info.checkpoints.empty()) {
    if (const auto* latest = member(track_info, "latest_event")) {
      if (auto when = time_of(*latest); !when.empty()) {
        info.checkpoints.push_back(
            {when, info.status, text(*latest, "location"), text(*latest, "description")});
      }
    }
  }
  // 17TRACK lists events newest first.
  std::stable_sort(info.checkpoints.begin(), info.checkpoints.end(),
                   [](const auto& a, const auto& b) { return a.occurred_at < b.occurred_at; });
}

// One accepted item or webhook `data`: number, carrier, tag and the optional track_info.
result<tracking_info> read_item(const Value& item, const std::string& field) {
  if (!item.IsObject()) return invalid(field, "must be an object");
  tracking_info info;
  info.tracking_number = text(item, "number");
  if (info.tracking_number.empty()) {
    return invalid(field + ".number", "is required", "missing_field");
  }
  if (!valid_tracking_number(info.tracking_number)) {
    return invalid(field + ".number", "must be 3 to 64 letters, digits or '-'");
  }
  info.carrier = text_or_number(item, "carrier");
  info.provider_ref = info.tracking_number;
  info.order_number = text(item, "tag");
  const auto* track_info = member(item, "track_info");
  if (!track_info || !track_info->IsObject()) return info;
  if (const auto* latest = member(*track_info, "latest_status")) {
    info.status = unified_shipment_status(tracking_vendor::seventeentrack, text(*latest, "status"));
  }
  if (const auto* metrics = member(*track_info, "time_metrics")) {
    if (const auto* edd = member(*metrics, "estimated_delivery_date")) {
      auto to = text(*edd, "to");
      if (is_iso_datetime(to)) info.eta = to;
    }
  }
  read_events(*track_info, info);
  if (const auto* latest = member(*track_info, "latest_event")) info.status_at = time_of(*latest);
  if (info.status_at.empty() && !info.checkpoints.empty()) {
    info.status_at = info.checkpoints.back().occurred_at;
  }
  return info;
}

}  // namespace

result<seventeentrack_webhook> parse_17track_webhook(std::string_view body) {
  rapidjson::Document d;
  if (auto s = parse_object(d, body); !s) return s.error();
  seventeentrack_webhook w;
  w.event = text(d, "event");
  if (w.event.empty()) return invalid("event", "is required", "missing_field");
  w.applies = w.event == "TRACKING_UPDATED";
  const auto* data = member(d, "data");
  if (!data) return invalid("data", "is required", "missing_field");
  auto info = read_item(*data, "data");
  if (!info) return info.error();
  w.info = std::move(*info);
  if (w.applies && w.info.status.empty()) {
    return invalid("data.track_info.latest_status.status", "is required", "missing_field");
  }
  return w;
}

result<tracking_info> parse_17track_answer(std::string_view body) {
  rapidjson::Document d;
  if (auto s = parse_object(d, body); !s) return s.error();
  const auto* code = member(d, "code");
  if (!code || !code->IsInt64()) return invalid("code", "is missing from the answer");
  if (code->GetInt64() != 0) {
    return make_error(errc::invalid_input,
                      "17TRACK answered code " + std::to_string(code->GetInt64()),
                      "provider_refused");
  }
  const auto* data = member(d, "data");
  if (!data) return invalid("data", "is missing from the answer");
  if (const auto* accepted = member(*data, "accepted");
      accepted && accepted->IsArray() && !accepted->Empty()) {
    return read_item((*accepted)[0], "data.accepted[0]");
  }
  std::string why = "17TRACK rejected the number";
  if (const auto* rejected = member(*data, "rejected");
      rejected && rejected->IsArray() && !rejected->Empty()) {
    if (const auto* e = member((*rejected)[0], "error")) {
      why += ": " + text_or_number(*e, "code") + " " + text(*e, "message");
    }
  }
  return make_error(errc::not_found, why, "tracking_not_found");
}

std::string seventeentrack_body(const tracking_ref& ref, bool with_tag) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartArray();
  w.StartObject();
  w.Key("number");
  w.String(ref.tracking_number.c_str());
  // 17TRACK carriers are numeric codes; a name (a seeded "DHL") is left to auto-detection.
  const bool numeric = !ref.carrier.empty() && ref.carrier.size() <= 9 &&
                       std::all_of(ref.carrier.begin(), ref.carrier.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) {
    w.Key("carrier");
    w.Int64(std::stoll(ref.carrier));
  } else if (with_tag) {
    w.Key("auto_detection");
    w.Bool(true);
  }
  if (with_tag && !ref.order_number.empty()) {
    w.Key("tag");
    w.String(ref.order_number.c_str());
  }
  w.EndObject();
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

result<tracking_info> seventeentrack_tracking::call(const std::string& endpoint,
                                                    const std::string& body) {
  http_call c;
  c.method = "POST";
  c.target = config_.base;
  c.path = config_.base.path + "/" + endpoint;
  c.headers = {{"17token", config_.api_key}, {"Content-Type", "application/json"}};
  c.body = body;
  c.connect_timeout = config_.connect_timeout;
  c.timeout = config_.timeout;
  auto answer = http_send(c);
  if (!answer) return answer.error();
  if (answer->status < 200 || answer->status >= 300) {
    return http_failure(*answer, "17TRACK " + endpoint);
  }
  return parse_17track_answer(answer->body);
}

result<tracking_info> seventeentrack_tracking::create(const tracking_ref& ref) {
  return call("register", seventeentrack_body(ref, true));
}

result<tracking_info> seventeentrack_tracking::get(const tracking_ref& ref) {
  return call("gettrackinfo", seventeentrack_body(ref, false));
}

}  // namespace centralita::providers
