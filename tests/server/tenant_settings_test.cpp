// net/tenant_settings on its own: defaults, stored values, and patch validation (and the
// json_builder it writes with).
#include "net/tenant_settings.hpp"

#include <catch2/catch.hpp>

#include "net/api_json.hpp"

using namespace centralita;
using namespace centralita::net;

TEST_CASE("stored settings merge over the defaults, and bad stored values are ignored",
          "[net][settings]") {
  CHECK(to_json(settings_from_stored("{}")) ==
        R"({"ai_mode":"ASSISTED","confidence_threshold":0.75,)"
        R"("autopilot_categories":["INFO","TRACKING"],)"
        R"("high_risk_categories":["COMPLAINT","BILLING","HUMAN"],"notify_shipment_updates":false,)"
        R"("sla":{"first_response_minutes":{"low":240,"normal":60,"high":30,"urgent":15},)"
        R"("resolution_minutes":{"low":4320,"normal":1440,"high":480,"urgent":240},)"
        R"("business_hours":{"days":["mon","tue","wed","thu","fri"],"start_hour":9,)"
        R"("end_hour":18,"time_zone":"America/Mexico_City"}}})");
  auto s = settings_from_stored(
      R"({"ai_mode":"AUTOPILOT","confidence_threshold":0.9,"other":1,"autopilot_categories":["INFO"]})");
  CHECK(s.ai_mode == "AUTOPILOT");
  CHECK(s.confidence_threshold == 0.9);
  CHECK(s.autopilot_categories == std::vector<std::string>{"INFO"});
  auto bad = settings_from_stored(
      R"({"ai_mode":"YOLO","confidence_threshold":7,"autopilot_categories":["NOPE"]})");
  CHECK(bad == ai_settings{});
  CHECK(settings_from_stored("not json") == ai_settings{});
}

TEST_CASE("a settings patch is checked: 400 for its shape, 422 for its values", "[net][settings]") {
  auto code = [](const std::string& body) {
    auto p = parse_settings_patch(body);
    if (!p) return p.error().code;
    auto s = apply_settings_patch(ai_settings{}, *p);
    return s ? errc::internal : s.error().code;  // internal: accepted
  };
  CHECK(code(R"({"ai_mode":"AUTOPILOT"})") == errc::internal);
  CHECK(code(R"({"confidence_threshold":0})") == errc::internal);
  CHECK(code(R"({"confidence_threshold":1})") == errc::internal);
  CHECK(code("{}") == errc::invalid_input);
  CHECK(code("[]") == errc::invalid_input);
  CHECK(code(R"({"mode":"AUTOPILOT"})") == errc::invalid_input);
  CHECK(code(R"({"ai_mode":1})") == errc::invalid_input);
  CHECK(code(R"({"confidence_threshold":"0.5"})") == errc::invalid_input);
  CHECK(code(R"({"autopilot_categories":"INFO"})") == errc::invalid_input);
  CHECK(code(R"({"autopilot_categories":[1]})") == errc::invalid_input);
  CHECK(code(R"({"ai_mode":"autopilot"})") == errc::unprocessable);
  CHECK(code(R"({"confidence_threshold":1.01})") == errc::unprocessable);
  CHECK(code(R"({"confidence_threshold":-0.1})") == errc::unprocessable);
  CHECK(code(R"({"autopilot_categories":["INFO","SPAM"]})") == errc::unprocessable);
  CHECK(code(R"({"autopilot_categories":["COMPLAINT"]})") == errc::unprocessable);
  CHECK(code(R"({"high_risk_categories":["INFO"]})") == errc::unprocessable);
}

TEST_CASE("a patch stores only its own fields, categories without duplicates", "[net][settings]") {
  auto p = parse_settings_patch(R"({"autopilot_categories":["INFO","QUOTE","INFO"]})");
  REQUIRE(p.ok());
  auto s = apply_settings_patch(ai_settings{}, *p);
  REQUIRE(s.ok());
  CHECK(stored_patch_json(*p, *s) == R"({"autopilot_categories":["INFO","QUOTE"]})");
  CHECK(s->ai_mode == "ASSISTED");
}

TEST_CASE("json_builder writes C strings as strings", "[net]") {
  json_builder j;
  j.begin_object().field("a", "text").key("b").value("more").end_object();
  CHECK(j.str() == R"({"a":"text","b":"more"})");
}

TEST_CASE("an SLA patch names the field it refuses", "[net][settings]") {
  auto refusal = [](const std::string& body) -> std::pair<errc, std::string> {
    auto p = parse_settings_patch(body);
    if (!p) return {p.error().code, p.error().message};
    auto s = apply_settings_patch(ai_settings{}, *p);
    if (!s) return {s.error().code, s.error().message};
    return {errc::internal, ""};  // accepted
  };
  auto check = [&](const std::string& body, errc code, const std::string& field) {
    auto [c, message] = refusal(body);
    CAPTURE(body, message);
    CHECK(c == code);
    CHECK(message.find(field) != std::string::npos);
  };
  check(R"({"sla":{"first_response_minutes":{"urgent":10}}})", errc::internal, "");
  check(R"({"sla":{"business_hours":{"days":["sat","sun"],"start_hour":0,"end_hour":24}}})",
        errc::internal, "");
  check(R"({"sla":[]})", errc::invalid_input, "sla");
  check(R"({"sla":{"targets":{}}})", errc::invalid_input, "sla.targets");
  check(R"({"sla":{"first_response_minutes":{"critical":5}}})", errc::invalid_input,
        "sla.first_response_minutes.critical");
  check(R"({"sla":{"resolution_minutes":{"low":"1h"}}})", errc::invalid_input,
        "sla.resolution_minutes.low");
  check(R"({"sla":{"resolution_minutes":{"low":1.5}}})", errc::invalid_input,
        "sla.resolution_minutes.low");
  check(R"({"sla":{"first_response_minutes":{"high":0}}})", errc::unprocessable,
        "sla.first_response_minutes.high");
  check(R"({"sla":{"first_response_minutes":{"normal":2000}}})", errc::unprocessable,
        "sla.first_response_minutes.normal");
  check(R"({"sla":{"business_hours":{"days":"mon"}}})", errc::invalid_input,
        "sla.business_hours.days");
  check(R"({"sla":{"business_hours":{"days":[]}}})", errc::unprocessable,
        "sla.business_hours.days");
  check(R"({"sla":{"business_hours":{"days":["lun"]}}})", errc::unprocessable,
        "sla.business_hours.days");
  check(R"({"sla":{"business_hours":{"start_hour":24}}})", errc::unprocessable,
        "sla.business_hours.start_hour");
  check(R"({"sla":{"business_hours":{"start_hour":19}}})", errc::unprocessable,
        "sla.business_hours.end_hour");
  check(R"({"sla":{"business_hours":{"time_zone":3}}})", errc::invalid_input,
        "sla.business_hours.time_zone");
}

TEST_CASE("an SLA patch changes only what it names and stores the whole policy",
          "[net][settings]") {
  auto p = parse_settings_patch(
      R"({"sla":{"first_response_minutes":{"urgent":10},"business_hours":{"start_hour":8,)"
      R"("days":["fri","mon","mon"]}}})");
  REQUIRE(p.ok());
  auto s = apply_settings_patch(ai_settings{}, *p);
  REQUIRE(s.ok());
  CHECK(s->sla.target("urgent").first_response_minutes == 10);
  CHECK(s->sla.target("urgent").resolution_minutes == 240);
  CHECK(s->sla.hours.start_hour == 8);
  CHECK(s->sla.hours.end_hour == 18);
  CHECK(stored_patch_json(*p, *s) ==
        R"({"sla":{"first_response_minutes":{"low":240,"normal":60,"high":30,"urgent":10},)"
        R"("resolution_minutes":{"low":4320,"normal":1440,"high":480,"urgent":240},)"
        R"("business_hours":{"days":["mon","fri"],"start_hour":8,"end_hour":18,)"
        R"("time_zone":"America/Mexico_City"}}})");
}
