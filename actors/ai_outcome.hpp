#pragma once
// From a prepared message to what the autopilot stores and announces: the tenant's settings as
// the policy reads them, the words of the reply or draft, the decision record, and the live
// events after the commit. Plain functions over plain data.

#include <optional>
#include <vector>

#include "actors/autopilot.hpp"
#include "actors/event_bus.hpp"
#include "storage/ai_repo.hpp"
#include "storage/quote_repo.hpp"

namespace centralita::actors {

/// The policy's settings: the defaults, with each well-formed stored value over them.
ai::policy_settings policy_from_stored(const storage::stored_ai_settings& stored);

/// The number a tracking look-up should use: the tracking number, else the order number.
std::string tracking_key(const ai::triage_result& t);

/// Composes the texts and builds the record for `w`. An autopilot reply that finds nothing to
/// say becomes what ai::unanswerable says (the record's action and reason follow). The LLM's
/// answer, when `w` has one, replaces the template's words; its note ends the reason.
storage::decision_record make_record(const ai_work& w, double min_passage_score);

/// A stored shipment as a reply quotes it.
ai::tracking_facts tracking_facts_of(const storage::shipment_state& s);

/// Outside the WhatsApp Cloud window a reply would be refused: it becomes the pending draft
/// (unless there is one) for an agent to answer with a template, and a person is assigned.
void hold_for_template(storage::decision_record& r);

/// The draft quote a QUOTE message asks for: the items the message names (else one empty
/// line) for the conversation's customer, linked to the message; nothing for other categories.
std::optional<storage::new_quote> quote_draft(const ai_work& w);

/// The dashboard events for an applied decision.
std::vector<live_event> decision_events(const storage::decision_record& r,
                                        const storage::applied_decision& applied);

}  // namespace centralita::actors
