// The tenant's AI settings from the outside: defaults, roles, validation, storage and audit.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {
constexpr const char* defaults =
    R"({"ai_mode":"ASSISTED","confidence_threshold":0.75,"autopilot_categories":["INFO","TRACKING"],)"
    R"("high_risk_categories":["COMPLAINT","BILLING","HUMAN"],"notify_shipment_updates":false,)"
    R"("sla":{"first_response_minutes":{"low":240,"normal":60,"high":30,"urgent":15},)"
    R"("resolution_minutes":{"low":4320,"normal":1440,"high":480,"urgent":240},)"
    R"("business_hours":{"days":["mon","tue","wed","thu","fri"],"start_hour":9,)"
    R"("end_hour":18,"time_zone":"America/Mexico_City"}}})";
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

TEST_CASE("the SLA policy is part of the settings: admins change it, the zone is checked",
          "[server][api][pg]") {
  api_fixture t;
  auto read = parse_json(t.call("GET", "/api/v1/settings", t.agent).body);
  CHECK(std::string{read["sla"]["business_hours"]["time_zone"].GetString()} ==
        "America/Mexico_City");
  CHECK(read["sla"]["first_response_minutes"]["urgent"].GetInt() == 15);

  const std::string patch =
      R"({"sla":{"resolution_minutes":{"low":5000},"business_hours":{"time_zone":"Europe/Madrid"}}})";
  CHECK(t.call("PATCH", "/api/v1/settings", t.agent, patch).status == 403);
  auto changed = t.call("PATCH", "/api/v1/settings", t.supervisor, patch);
  REQUIRE(changed.status == 200);
  auto after = parse_json(t.call("GET", "/api/v1/settings", t.agent).body);
  CHECK(after["sla"]["resolution_minutes"]["low"].GetInt() == 5000);
  CHECK(after["sla"]["resolution_minutes"]["normal"].GetInt() == 1440);
  CHECK(std::string{after["sla"]["business_hours"]["time_zone"].GetString()} == "Europe/Madrid");
  CHECK(t.value("SELECT settings #>> '{sla,business_hours,time_zone}' FROM tenants "
                "WHERE slug = 'demo'") == "Europe/Madrid");
  CHECK(t.value("SELECT (before #>> '{sla,resolution_minutes,low}') || '>' || "
                "(after #>> '{sla,resolution_minutes,low}') FROM audit_log "
                "WHERE entity_type = 'settings'") == "4320>5000");

  auto bad_zone = t.call("PATCH", "/api/v1/settings", t.supervisor,
                         R"({"sla":{"business_hours":{"time_zone":"Mars/Olympus"}}})");
  CHECK(bad_zone.status == 422);
  CHECK(contains(bad_zone.body, "sla.business_hours.time_zone"));
  auto bad_hours = t.call("PATCH", "/api/v1/settings", t.supervisor,
                          R"({"sla":{"business_hours":{"start_hour":18,"end_hour":9}}})");
  CHECK(bad_hours.status == 422);
  CHECK(contains(bad_hours.body, "sla.business_hours.end_hour"));
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'settings'") == "1");
}
