#include <catch2/catch.hpp>

#include "ai/policy.hpp"

using namespace centralita::ai;

namespace {

triage_result triage(std::string category, double confidence, risk_level risk = risk_level::low) {
  triage_result t;
  t.category = std::move(category);
  t.confidence = confidence;
  t.risk = risk;
  t.language = "es";
  return t;
}

policy_settings autopilot_mode() {
  policy_settings s;
  s.ai_mode = "AUTOPILOT";
  return s;
}

}  // namespace

TEST_CASE("ASSISTED never answers alone", "[ai][policy]") {
  policy_settings s;  // the default is ASSISTED
  for (const char* c : {"INFO", "TRACKING", "QUOTE", "OTHER"}) {
    auto d = decide(triage(c, 0.99), s, {});
    CHECK(d.action == action::suggest);
    CHECK(d.rule == "policy.assisted_mode");
    CHECK_FALSE(d.opens_ticket);
  }
}

TEST_CASE("Below the threshold, in either mode, a ticket and a question for details",
          "[ai][policy]") {
  for (auto s : {policy_settings{}, autopilot_mode()}) {
    for (const char* c : {"INFO", "TRACKING", "QUOTE", "OTHER"}) {
      auto d = decide(triage(c, 0.5), s, {});
      CHECK(d.action == action::ask_missing);
      CHECK(d.rule == "policy.below_threshold");
      CHECK(d.opens_ticket);
      CHECK_FALSE(d.pauses_bot);
    }
    // At the threshold it is confident.
    CHECK(decide(triage("QUOTE", 0.75), s, {}).action == action::suggest);
  }
  // The tenant's threshold, not the default.
  policy_settings strict;
  strict.confidence_threshold = 0.95;
  CHECK(decide(triage("INFO", 0.9), strict, {}).action == action::ask_missing);
  strict.confidence_threshold = 0.2;
  CHECK(decide(triage("INFO", 0.3), strict, {}).action == action::suggest);
}

TEST_CASE("High-risk categories reach a person even below the threshold", "[ai][policy]") {
  for (auto s : {policy_settings{}, autopilot_mode()}) {
    auto d = decide(triage("BILLING", 0.3), s, {});
    CHECK(d.action == action::ticket);
    CHECK(d.rule == "policy.high_risk_category");
    CHECK(decide(triage("HUMAN", 0.3), s, {}).action == action::handoff);
  }
}

TEST_CASE("AUTOPILOT answers its categories at or above the threshold", "[ai][policy]") {
  auto s = autopilot_mode();
  CHECK(decide(triage("INFO", 0.75), s, {}).action == action::autopilot_reply);
  CHECK(decide(triage("TRACKING", 0.9), s, {}).action == action::autopilot_reply);
  auto below = decide(triage("INFO", 0.74), s, {});
  CHECK(below.action == action::ask_missing);
  CHECK(below.opens_ticket);
  CHECK(below.rule == "policy.below_threshold");
  s.confidence_threshold = 0.95;
  CHECK(decide(triage("TRACKING", 0.9), s, {}).action == action::ask_missing);
}

TEST_CASE("AUTOPILOT drafts for categories it does not answer", "[ai][policy]") {
  auto s = autopilot_mode();
  CHECK(decide(triage("QUOTE", 0.9), s, {}).action == action::suggest);
  s.autopilot_categories = {"INFO"};
  CHECK(decide(triage("TRACKING", 0.9), s, {}).action == action::suggest);
}

TEST_CASE("High-risk categories always go to a human", "[ai][policy]") {
  for (auto s : {policy_settings{}, autopilot_mode()}) {
    for (const char* c : {"COMPLAINT", "BILLING"}) {
      auto d = decide(triage(c, 0.99), s, {});
      CHECK(d.action == action::ticket);
      CHECK(d.opens_ticket);
      CHECK_FALSE(d.pauses_bot);
    }
  }
  auto s = autopilot_mode();
  s.high_risk_categories = {"INFO"};
  s.autopilot_categories = {"TRACKING"};
  CHECK(decide(triage("INFO", 0.99), s, {}).action == action::ticket);
}

TEST_CASE("A person asked for, or an angry customer, is handed off", "[ai][policy]") {
  auto s = autopilot_mode();
  auto human = decide(triage("HUMAN", 0.6), s, {});
  CHECK(human.action == action::handoff);
  CHECK(human.pauses_bot);
  CHECK(human.opens_ticket);
  auto angry = decide(triage("TRACKING", 0.99, risk_level::high), s, {});
  CHECK(angry.action == action::handoff);
  CHECK(angry.rule == "policy.high_risk");
}

TEST_CASE("A paused bot stays quiet whatever the message", "[ai][policy]") {
  auto s = autopilot_mode();
  for (const char* c : {"INFO", "TRACKING", "QUOTE", "OTHER"}) {
    auto d = decide(triage(c, 0.99), s, conversation_facts{false});
    CHECK(d.action == action::quiet);
    CHECK(d.rule == "policy.bot_paused");
    CHECK_FALSE(d.opens_ticket);
  }
  // A high-risk message still reaches a person through a ticket (opened or reused).
  for (const char* c : {"HUMAN", "COMPLAINT", "BILLING"}) {
    auto d = decide(triage(c, 0.99), s, conversation_facts{false});
    CHECK(d.action == action::quiet);
    CHECK(d.opens_ticket);
    CHECK_FALSE(d.pauses_bot);
  }
}

TEST_CASE("An autopilot reply with nothing to say becomes a question or a ticket", "[ai][policy]") {
  auto s = autopilot_mode();
  auto t = triage("TRACKING", 0.9);
  auto d = unanswerable(decide(t, s, {}), t);
  CHECK(d.action == action::ask_missing);
  CHECK(d.rule == "policy.missing_tracking_number");
  auto info = triage("INFO", 0.9);
  CHECK(unanswerable(decide(info, s, {}), info).action == action::ticket);
  auto suggest = decide(info, policy_settings{}, {});
  CHECK(unanswerable(suggest, info).action == action::suggest);
  // A number the tracking provider could not find, or did not answer about: the customer is
  // told so (never asked for it again) and a ticket leaves it to a person.
  auto unknown = unanswerable(decide(t, s, {}), t, number_lookup::not_found);
  CHECK(unknown.action == action::ask_missing);
  CHECK(unknown.rule == "policy.tracking_not_found");
  CHECK(unknown.opens_ticket);
  auto silent = unanswerable(decide(t, s, {}), t, number_lookup::unavailable);
  CHECK(silent.rule == "policy.tracking_unavailable");
  CHECK(silent.opens_ticket);
}

TEST_CASE("Every decision has a rule and a reason", "[ai][policy]") {
  auto d = decide(triage("INFO", 0.9), autopilot_mode(), {});
  CHECK(d.rule == "policy.autopilot");
  CHECK(d.reason.find("90%") != std::string::npos);
  CHECK(to_string(d.action) == "autopilot_reply");
}
