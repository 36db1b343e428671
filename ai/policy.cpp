#include "ai/policy.hpp"

#include <algorithm>
#include <cstdio>

namespace centralita::ai {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", x * 100.0);
  return buf;
}

decision make(action a, std::string rule, std::string reason) {
  decision d;
  d.action = a;
  d.rule = std::move(rule);
  d.reason = std::move(reason);
  d.opens_ticket = a == action::ticket || a == action::ask_missing || a == action::handoff;
  d.pauses_bot = a == action::handoff;
  return d;
}

}  // namespace

bool policy_settings::operator==(const policy_settings& o) const {
  return ai_mode == o.ai_mode && confidence_threshold == o.confidence_threshold &&
         autopilot_categories == o.autopilot_categories &&
         high_risk_categories == o.high_risk_categories;
}

std::string_view to_string(action a) {
  switch (a) {
    case action::autopilot_reply:
      return "autopilot_reply";
    case action::suggest:
      return "suggest";
    case action::ticket:
      return "ticket";
    case action::ask_missing:
      return "ask_missing";
    case action::handoff:
      return "handoff";
    case action::quiet:
      return "quiet";
  }
  return "suggest";
}

decision decide(const triage_result& t, const policy_settings& s, const conversation_facts& f) {
  const std::string& cat = t.category;
  bool high_risk_category = contains(s.high_risk_categories, cat);
  if (!f.bot_active) {
    auto d = make(action::quiet, "policy.bot_paused",
                  "The bot was handed off in this conversation: an agent answers until it is "
                  "handed back.");
    // A high-risk message still reaches a person through a ticket (the open one, if any).
    d.opens_ticket = high_risk_category || cat == "HUMAN";
    return d;
  }
  if (cat == "HUMAN") {
    return make(action::handoff, "policy.human_requested",
                "The customer asks for a person: handed off to an agent at once.");
  }
  if (t.risk == risk_level::high && cat != "OTHER") {
    return make(action::handoff, "policy.high_risk",
                "The message reads as angry or urgent (" + cat + "): handed off to an agent.");
  }
  if (high_risk_category) {
    return make(action::ticket, "policy.high_risk_category",
                cat + " is a high-risk category: a ticket with a drafted reply for an agent.");
  }
  // Below the threshold, in either mode: a ticket, and a question for the missing details
  // (sent by the autopilot, drafted for an agent in ASSISTED mode).
  if (t.confidence < s.confidence_threshold) {
    return make(action::ask_missing, "policy.below_threshold",
                cat + " at only " + percent(t.confidence) + " confidence (threshold " +
                    percent(s.confidence_threshold) +
                    "): a ticket is opened and the customer is asked for details.");
  }
  if (!s.autopilot()) {
    return make(action::suggest, "policy.assisted_mode",
                "ASSISTED mode: the reply is drafted for an agent to approve.");
  }
  if (contains(s.autopilot_categories, cat)) {
    return make(action::autopilot_reply, "policy.autopilot",
                cat + " at " + percent(t.confidence) + " confidence (threshold " +
                    percent(s.confidence_threshold) + "): answered automatically.");
  }
  return make(action::suggest, "policy.not_autopilot_category",
              cat + " is not answered automatically: the reply is drafted for an agent.");
}

decision unanswerable(const decision& d, const triage_result& t, number_lookup lookup) {
  if (d.action != action::autopilot_reply) return d;
  if (t.category == "TRACKING" && lookup == number_lookup::not_found) {
    return make(action::ask_missing, "policy.tracking_not_found",
                "The tracking provider knows no shipment with that number: the customer is told "
                "so and asked to check it, and a ticket lets a person look.");
  }
  if (t.category == "TRACKING" && lookup == number_lookup::unavailable) {
    return make(action::ask_missing, "policy.tracking_unavailable",
                "The tracking provider did not answer about that number: the customer is told a "
                "person will check it, with a ticket.");
  }
  if (t.category == "TRACKING") {
    return make(action::ask_missing, "policy.missing_tracking_number",
                "TRACKING without a known order or tracking number: the customer is asked "
                "for it.");
  }
  return make(action::ticket, "policy.no_answer_found",
              "No knowledge article answers this well enough: a ticket with a draft for an "
              "agent.");
}

}  // namespace centralita::ai
