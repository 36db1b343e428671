#include "tests/support/fake_tracking.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace centralita::testkit {

namespace {

using writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void aftership_tracking_json(writer& w, const std::string& number, const fake_tracking_state& t) {
  w.StartObject();
  str(w, "id", t.id);
  str(w, "tracking_number", number);
  str(w, "slug", "dhl");
  str(w, "tag", t.status);
  str(w, "subtag", t.status + "_001");
  w.Key("checkpoints");
  w.StartArray();
  for (const auto& c : t.checkpoints) {
    w.StartObject();
    str(w, "checkpoint_time", c[0]);
    str(w, "tag", c[1]);
    str(w, "location", c[2]);
    str(w, "message", c[3]);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string aftership_envelope(int code, const std::string& data_json) {
  return R"({"meta":{"code":)" + std::to_string(code) + R"(,"message":"","type":""},"data":)" +
         data_json + "}";
}

}  // namespace

fake_tracking_api::fake_tracking_api(fake_vendor vendor, std::string api_key)
    : vendor_(vendor),
      api_key_(std::move(api_key)),
      server_("fake tracking api", [this](const fake_http_request& r) { return on_request(r); }) {}

std::string fake_tracking_api::url() const {
  return server_.url() + (vendor_ == fake_vendor::seventeentrack ? "/track/v2.2" : "");
}

void fake_tracking_api::set(const std::string& number, fake_tracking_state state) {
  std::lock_guard<std::mutex> lock{mutex_};
  if (state.id.empty()) state.id = "as-" + number;
  trackings_[number] = std::move(state);
}

std::vector<fake_tracking_request> fake_tracking_api::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

std::vector<std::string> fake_tracking_api::created() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return created_;
}

fake_answer fake_tracking_api::on_request(const fake_http_request& request) {
  auto r = record_of<fake_tracking_request>(request);
  std::lock_guard<std::mutex> lock{mutex_};
  auto [status, body] = vendor_ == fake_vendor::aftership ? aftership(r) : seventeentrack(r);
  r.status = status;
  received_.push_back(r);
  return fake_answer::json(status, std::move(body));
}

std::pair<int, std::string> fake_tracking_api::aftership(const fake_tracking_request& r) {
  auto header = r.headers.find("as-api-key");
  if (header == r.headers.end() || header->second != api_key_) {
    return {401, aftership_envelope(401, "{}")};
  }
  const std::string base = "/tracking/2025-01/trackings";
  rapidjson::StringBuffer buf;
  writer w{buf};
  if (r.method == "POST" && r.target == base) {
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (d.HasParseError() || !d.IsObject() || !d.HasMember("tracking_number") ||
        !d["tracking_number"].IsString()) {
      return {400, aftership_envelope(400, "{}")};
    }
    std::string number = d["tracking_number"].GetString();
    // AfterShip refuses a number no courier's pattern matches (meta code 4012).
    if (number.rfind("NOCOURIER", 0) == 0) return {400, aftership_envelope(4012, "{}")};
    created_.push_back(number);
    auto& t = trackings_[number];
    if (t.id.empty()) t = {"as-" + number, "Pending", {}};
    aftership_tracking_json(w, number, t);
    return {201, aftership_envelope(201, buf.GetString())};
  }
  if (r.method == "GET" && r.target.rfind(base + "?tracking_numbers=", 0) == 0) {
    auto number = r.target.substr(base.size() + 18);
    w.StartObject();
    w.Key("trackings");
    w.StartArray();
    if (auto it = trackings_.find(number); it != trackings_.end()) {
      aftership_tracking_json(w, number, it->second);
    }
    w.EndArray();
    w.EndObject();
    return {200, aftership_envelope(200, buf.GetString())};
  }
  if (r.method == "GET" && r.target.rfind(base + "/", 0) == 0) {
    auto id = r.target.substr(base.size() + 1);
    for (const auto& [number, t] : trackings_) {
      if (t.id != id) continue;
      aftership_tracking_json(w, number, t);
      return {200, aftership_envelope(200, buf.GetString())};
    }
    return {404, aftership_envelope(4004, "{}")};
  }
  return {404, aftership_envelope(404, "{}")};
}

std::pair<int, std::string> fake_tracking_api::seventeentrack(const fake_tracking_request& r) {
  auto header = r.headers.find("17token");
  if (header == r.headers.end() || header->second != api_key_) {
    return {401, R"({"code":-18010002,"data":{"errors":[{"code":-18010002}]}})"};
  }
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (r.method != "POST" || d.HasParseError() || !d.IsArray() || d.Empty() || !d[0].IsObject() ||
      !d[0].HasMember("number") || !d[0]["number"].IsString()) {
    return {400, R"({"code":-18010001,"data":{}})"};
  }
  std::string number = d[0]["number"].GetString();
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  w.Key("code");
  w.Int(0);
  w.Key("data");
  w.StartObject();
  auto it = trackings_.find(number);
  const bool registering = r.target == "/track/v2.2/register";
  if (!registering && r.target != "/track/v2.2/gettrackinfo") return {404, "{}"};
  if (registering) {
    created_.push_back(number);
    if (it == trackings_.end())
      it = trackings_.emplace(number, fake_tracking_state{number, "NotFound", {}}).first;
  }
  w.Key("accepted");
  w.StartArray();
  if (it != trackings_.end()) {
    w.StartObject();
    str(w, "number", number);
    w.Key("carrier");
    w.Int(3011);
    if (!registering) {
      const auto& t = it->second;
      w.Key("track_info");
      w.StartObject();
      w.Key("latest_status");
      w.StartObject();
      str(w, "status", t.status);
      w.EndObject();
      if (!t.checkpoints.empty()) {
        const auto& last = t.checkpoints.back();
        w.Key("latest_event");
        w.StartObject();
        str(w, "time_utc", last[0]);
        str(w, "description", last[3]);
        str(w, "location", last[2]);
        w.EndObject();
      }
      w.Key("tracking");
      w.StartObject();
      w.Key("providers");
      w.StartArray();
      w.StartObject();
      w.Key("events");
      w.StartArray();
      for (auto c = t.checkpoints.rbegin(); c != t.checkpoints.rend(); ++c) {
        w.StartObject();
        str(w, "time_utc", (*c)[0]);
        str(w, "sub_status", (*c)[1] + "_Other");
        str(w, "location", (*c)[2]);
        str(w, "description", (*c)[3]);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("rejected");
  w.StartArray();
  if (it == trackings_.end()) {
    w.StartObject();
    str(w, "number", number);
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.Int(-18019902);
    str(w, "message", "The tracking number does not register, please register first.");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return {200, buf.GetString()};
}

}  // namespace centralita::testkit
