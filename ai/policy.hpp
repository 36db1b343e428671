#pragma once
// The decision policy (docs/architecture.md §AI): what Centralita does with one incoming message,
// given its triage, the tenant's settings and the conversation's state. Pure: no I/O, so every
// branch is a unit test.

#include <string>
#include <string_view>
#include <vector>

#include "ai/triage.hpp"

namespace centralita::ai {

/// A tenant's AI settings; the member initializers are the defaults.
struct policy_settings {
  std::string ai_mode = "ASSISTED";  ///< ASSISTED | AUTOPILOT
  double confidence_threshold = 0.75;
  std::vector<std::string> autopilot_categories{"INFO", "TRACKING"};
  std::vector<std::string> high_risk_categories{"COMPLAINT", "BILLING", "HUMAN"};

  bool operator==(const policy_settings& o) const;
  /// True in AUTOPILOT mode.
  bool autopilot() const { return ai_mode == "AUTOPILOT"; }
};

/// What the policy decided.
enum class action {
  autopilot_reply,  ///< answer the customer now, through the outbox
  suggest,          ///< draft a reply for an agent to approve, edit or reject
  ticket,           ///< open a ticket for a human, with a drafted suggestion
  ask_missing,      ///< open a ticket and ask the customer for what is missing
  handoff,          ///< a person is needed now: ticket, and the bot goes quiet
  quiet,            ///< the bot is paused here: record only, an agent answers
};

/// The name stored in ai_decisions.action and shown by the dashboard.
std::string_view to_string(action a);

/// The conversation's state that the policy looks at.
struct conversation_facts {
  bool bot_active = true;  ///< false after a handoff, until an agent hands it back
};

/// The decision, the rule that fired and the reason. The rule is also the reason's code: the
/// dashboard translates it with the decision's parameters (category, confidence, threshold,
/// mode); `reason` is the same in English, for logs and tickets.
struct decision {
  ai::action action = action::suggest;
  std::string rule;
  std::string reason;
  bool opens_ticket = false;  ///< a ticket is opened (or the open one reused)
  bool pauses_bot = false;    ///< the bot stays quiet in this conversation from now on
};

/// Decides for one message. Order: a paused bot stays quiet (a high-risk message still opens or
/// reuses a ticket); a person asked for, or an angry customer, is handed off; high-risk
/// categories go to a human; below the threshold, in either mode, a ticket and a question for
/// what is missing; then ASSISTED drafts, and AUTOPILOT answers alone only for its categories.
decision decide(const triage_result& triage, const policy_settings& settings,
                const conversation_facts& facts);

/// What the tracking provider said about the number of a TRACKING message that no stored
/// shipment matches: `none` when there was no number to ask about.
enum class number_lookup { none, not_found, unavailable };

/// What an autopilot decision becomes when no reply could be composed (no tracking number,
/// a number nobody can track, no article good enough): the customer is asked for the number or
/// told honestly that it was not found (with a ticket, so a person checks), else a ticket for a
/// human. Others stay as they are.
decision unanswerable(const decision& d, const triage_result& triage,
                      number_lookup lookup = number_lookup::none);

}  // namespace centralita::ai
