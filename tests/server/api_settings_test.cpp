// The tenant's AI settings from the outside: defaults, roles, validation, storage and audit.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {
constexpr const char* defaults =
    R"({"ai_mode":"ASSISTED","confidence_threshold":0.75,"autopilot_categories":["INFO","TRACKING"],)"
    R"("high_risk_categories":["COMPLAINT","BILLING","HUMAN"],"notify_shipment_updates":false})";
}  // namespace

TEST_CASE("settings: any user reads them, only an admin changes them, audited",
          "[server][api][pg]") {
  api_fixture t;
  auto read = t.call("GET", "/api/v1/settings", t.agent);
  REQUIRE(read.status == 200);
  CHECK(read.body == defaults);

  auto forbidden = t.call("PATCH", "/api/v1/settings", t.agent, R"({"ai_mode":"AUTOPILOT"})");
  CHECK(forbidden.status == 403);
  CHECK(contains(forbidden.body, R"("code":"forbidden")"));
  CHECK(t.call("GET", "/api/v1/settings", t.agent).body == defaults);

  auto changed = t.call("PATCH", "/api/v1/settings", t.supervisor,
                        R"({"ai_mode":"AUTOPILOT","confidence_threshold":0.8,)"
                        R"("autopilot_categories":["INFO","TRACKING","QUOTE","INFO"]})");
  REQUIRE(changed.status == 200);
  auto d = parse_json(changed.body);
  CHECK(std::string{d["ai_mode"].GetString()} == "AUTOPILOT");
  CHECK(d["confidence_threshold"].GetDouble() == Approx(0.8));
  CHECK(d["autopilot_categories"].Size() == 3);
  CHECK(t.call("GET", "/api/v1/settings", t.agent).body == changed.body);
  CHECK(t.value("SELECT settings->>'ai_mode' FROM tenants WHERE slug = 'demo'") == "AUTOPILOT");
  CHECK(t.value("SELECT settings->>'high_risk_categories' FROM tenants WHERE slug = 'demo'")
            .empty());  // only what was patched is stored; defaults stay defaults
  CHECK(t.value("SELECT actor_user_id || ' ' || action || ' ' || (before->>'ai_mode') || '>' || "
                "(after->>'ai_mode') FROM audit_log WHERE entity_type = 'settings'") ==
        t.user_id("supervisor@demo.com") + " settings.updated ASSISTED>AUTOPILOT");

  // The other tenant is untouched and has its own admin.
  CHECK(t.call("GET", "/api/v1/settings", t.admin).body == defaults);
  CHECK(t.call("PATCH", "/api/v1/settings", t.admin, R"({"confidence_threshold":0.5})").status ==
        200);
  CHECK(parse_json(t.call("GET", "/api/v1/settings", t.agent).body)["confidence_threshold"]
            .GetDouble() == Approx(0.8));

  // The same values again: 200, no new audit row.
  CHECK(t.call("PATCH", "/api/v1/settings", t.supervisor, R"({"ai_mode":"AUTOPILOT"})").status ==
        200);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'settings'") == "2");
}

TEST_CASE("settings changes are validated", "[server][api][pg]") {
  api_fixture t;
  for (auto [body, status, field] : {
           std::tuple{"{}", 400, "ai_mode"},
           std::tuple{"nope", 400, "JSON"},
           std::tuple{R"({"mode":"AUTOPILOT"})", 400, "mode"},
           std::tuple{R"({"ai_mode":true})", 400, "ai_mode"},
           std::tuple{R"({"confidence_threshold":"high"})", 400, "confidence_threshold"},
           std::tuple{R"({"autopilot_categories":"INFO"})", 400, "autopilot_categories"},
           std::tuple{R"({"ai_mode":"MANUAL"})", 422, "ai_mode"},
           std::tuple{R"({"confidence_threshold":1.2})", 422, "confidence_threshold"},
           std::tuple{R"({"confidence_threshold":-0.01})", 422, "confidence_threshold"},
           std::tuple{R"({"autopilot_categories":["INFO","SPAM"]})", 422, "autopilot_categories"},
           std::tuple{R"({"high_risk_categories":["INFO"]})", 422, "INFO"},
       }) {
    auto r = t.call("PATCH", "/api/v1/settings", t.supervisor, body);
    CAPTURE(body, r.body);
    CHECK(r.status == status);
    CHECK(contains(r.body, field));
  }
  CHECK(t.call("GET", "/api/v1/settings", t.agent).body == defaults);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'settings'") == "0");
}
