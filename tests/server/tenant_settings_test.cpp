// net/tenant_settings on its own: defaults, stored values, and patch validation (and the
// json_builder it writes with).
#include "net/tenant_settings.hpp"

#include <catch2/catch.hpp>

#include "net/api_json.hpp"

using namespace centralita;
using namespace centralita::net;

TEST_CASE("stored settings merge over the defaults, and bad stored values are ignored",
          "[net][settings]") {
  CHECK(
      to_json(settings_from_stored("{}")) ==
      R"({"ai_mode":"ASSISTED","confidence_threshold":0.75,)"
      R"("autopilot_categories":["INFO","TRACKING"],)"
      R"("high_risk_categories":["COMPLAINT","BILLING","HUMAN"],"notify_shipment_updates":false})");
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
