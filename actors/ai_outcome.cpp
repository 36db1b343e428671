#include "actors/ai_outcome.hpp"

#include <algorithm>
#include <cstdlib>

#include "ai/quote_items.hpp"
#include "common/categories.hpp"
#include "common/json_text.hpp"

namespace centralita::actors {

namespace {

std::optional<std::vector<std::string>> valid_categories(
    const std::optional<std::vector<std::string>>& stored) {
  if (!stored) return std::nullopt;
  for (const auto& c : *stored) {
    if (!is_category(c)) return std::nullopt;
  }
  return stored;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}

std::string entities_json(const ai::triage_entities& e) {
  std::string out = "{";
  auto add = [&](const char* name, const std::string& v) {
    if (v.empty()) return;
    if (out.size() > 1) out += ',';
    out += json_string(name) + ":" + json_string(v);
  };
  add("order_number", e.order_number);
  add("tracking_number", e.tracking_number);
  add("invoice_number", e.invoice_number);
  add("email", e.email);
  add("amount", e.amount);
  return out + "}";
}

std::string inputs_json(const ai_work& w) {
  std::string out = "{\"mode\":" + json_string(w.settings.ai_mode) +
                    ",\"threshold\":" + number(w.settings.confidence_threshold) +
                    ",\"bot_active\":" + (w.bot_active ? "true" : "false") +
                    ",\"language\":" + json_string(w.triage.language) +
                    ",\"triage_rule\":" + json_string(w.triage.rule) + ",\"knowledge\":[";
  for (size_t i = 0; i < w.passages.size(); ++i) {
    if (i) out += ',';
    out += "{\"article_id\":" + std::to_string(w.passages[i].article_id) +
           ",\"title\":" + json_string(w.passages[i].title) +
           ",\"score\":" + number(w.passages[i].score) + "}";
  }
  out += "]";
  if (w.shipment) {
    out += ",\"shipment\":{\"tracking_number\":" + json_string(w.shipment->tracking_number) +
           ",\"status\":" + json_string(w.shipment->status) + "}";
  } else if (w.lookup != ai::number_lookup::none) {
    out += ",\"shipment_lookup\":{\"number\":" + json_string(tracking_key(w.triage)) +
           ",\"outcome\":" +
           json_string(w.lookup == ai::number_lookup::not_found ? "not_found" : "unavailable") +
           "}";
  }
  return out + "}";
}

// What the dashboard fills its translation of the reason code with.
std::string reason_params_json(const ai_work& w) {
  std::string out = "{\"category\":" + json_string(w.triage.category) +
                    ",\"confidence\":" + number(w.triage.confidence) +
                    ",\"threshold\":" + number(w.settings.confidence_threshold) +
                    ",\"mode\":" + json_string(w.settings.ai_mode);
  if (w.lookup != ai::number_lookup::none)
    out += ",\"number\":" + json_string(tracking_key(w.triage));
  out += ",\"llm\":[";
  for (size_t i = 0; i < w.llm_codes.size(); ++i) {
    out += (i ? "," : "") + json_string(w.llm_codes[i]);
  }
  return out + "]}";
}

std::string subject_of(const ai_work& w) {
  std::string text = ai::excerpt(w.item.text, 80);
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::string who = w.customer_name.empty() ? std::string{"customer"} : w.customer_name;
  return w.triage.category + " · " + who + ": " + (text.empty() ? "(no text)" : text);
}

}  // namespace

ai::policy_settings policy_from_stored(const storage::stored_ai_settings& stored) {
  ai::policy_settings s;
  if (stored.ai_mode && (*stored.ai_mode == "ASSISTED" || *stored.ai_mode == "AUTOPILOT")) {
    s.ai_mode = *stored.ai_mode;
  }
  if (stored.confidence_threshold) {
    char* end = nullptr;
    double t = std::strtod(stored.confidence_threshold->c_str(), &end);
    if (end && *end == '\0' && t >= 0.0 && t <= 1.0) s.confidence_threshold = t;
  }
  if (auto c = valid_categories(stored.autopilot_categories)) s.autopilot_categories = *c;
  if (auto c = valid_categories(stored.high_risk_categories)) s.high_risk_categories = *c;
  return s;
}

std::string tracking_key(const ai::triage_result& t) {
  return t.entities.tracking_number.empty() ? t.entities.order_number : t.entities.tracking_number;
}

ai::tracking_facts tracking_facts_of(const storage::shipment_state& s) {
  return {s.tracking_number, s.status, s.location, s.eta};
}

storage::decision_record make_record(const ai_work& w, double min_passage_score) {
  ai::reply_inputs in;
  in.triage = w.triage;
  in.customer_name = w.customer_name;
  in.passages = w.passages;
  in.min_passage_score = min_passage_score;
  in.tracking = w.shipment;
  in.lookup = w.lookup;
  if (w.lookup != ai::number_lookup::none) in.looked_up = tracking_key(w.triage);
  in.invoices = w.invoices;
  if (w.triage.category == "QUOTE") in.quote_items = ai::extract_quote_items(w.item.text);
  ai::decision d = w.decision;
  storage::decision_record r;
  // The LLM's grounded answer stands in for the template's wherever the template would answer.
  auto draft = [&] { return w.llm_answer ? *w.llm_answer : ai::compose_draft(in).text; };
  if (d.action == ai::action::autopilot_reply) {
    auto answer =
        w.llm_answer ? ai::composed_reply{*w.llm_answer, true, ""} : ai::compose_answer(in);
    if (answer.answered) {
      r.reply = answer.text;
    } else {
      d = ai::unanswerable(d, w.triage, w.lookup);
    }
  }
  switch (d.action) {
    case ai::action::autopilot_reply:
      break;
    case ai::action::ask_missing:
      // The autopilot asks the customer; in ASSISTED mode the question is drafted for an agent,
      // after whatever grounded content there is.
      if (w.settings.autopilot()) {
        r.reply = ai::compose_ask_missing(in);
      } else {
        r.draft = ai::compose_ask_missing_draft(in);
      }
      break;
    case ai::action::handoff:
      if (w.settings.autopilot()) r.reply = ai::compose_handoff(in);
      r.draft = draft();
      break;
    case ai::action::ticket:
    case ai::action::suggest:
      r.draft = draft();
      break;
    case ai::action::quiet: {
      // After a hand-off the agent gets the draft with the answer; small talk gets none.
      auto composed = ai::compose_draft(in);
      if (w.llm_answer || composed.answered || w.triage.category != "OTHER") r.draft = draft();
      break;
    }
  }
  r.tenant_id = w.item.tenant_id;
  r.conversation_id = w.item.conversation_id;
  r.message_id = w.item.message_id;
  r.category = w.triage.category;
  r.confidence = w.triage.confidence;
  r.risk = std::string{ai::to_string(w.triage.risk)};
  r.entities_json = entities_json(w.triage.entities);
  r.rule = d.rule;
  r.reason = w.llm_note.empty() ? d.reason : d.reason + " " + w.llm_note;
  r.reason_code = d.rule;
  r.reason_params_json = reason_params_json(w);
  r.action = std::string{ai::to_string(d.action)};
  r.inputs_json = inputs_json(w);
  r.open_ticket = d.opens_ticket;
  r.ticket_subject = subject_of(w);
  r.ticket_priority =
      d.action == ai::action::handoff || w.triage.category == "COMPLAINT" ? "high" : "normal";
  r.pause_bot = d.pauses_bot;
  // Every message that needs a person gets the conversation a person, if nobody has it yet.
  r.assign = d.action != ai::action::autopilot_reply;
  return r;
}

void hold_for_template(storage::decision_record& r) {
  if (!r.draft) r.draft = std::move(r.reply);
  r.reply.reset();
  r.reason +=
      " Outside WhatsApp's 24-hour window: kept as a draft for an agent, who sends a template.";
  r.assign = true;
}

std::optional<storage::new_quote> quote_draft(const ai_work& w) {
  if (w.triage.category != "QUOTE") return std::nullopt;
  storage::new_quote q;
  q.tenant_id = w.item.tenant_id;
  q.conversation_id = w.item.conversation_id;
  q.source_message_id = w.item.message_id;
  q.actor = storage::actor{"ai", std::nullopt};
  for (auto& item : ai::extract_quote_items(w.item.text)) {
    q.lines.push_back({ai::line_description(item), item.quantity, 0});
  }
  return q;
}

std::vector<live_event> decision_events(const storage::decision_record& r,
                                        const storage::applied_decision& applied) {
  std::vector<live_event> out;
  if (!applied.fresh) return out;
  const std::string conv = std::to_string(r.conversation_id);
  out.push_back({r.tenant_id, "ai.decision",
                 "{\"id\":" + std::to_string(applied.decision_id) + ",\"conversation_id\":" + conv +
                     ",\"message_id\":" + std::to_string(r.message_id) + ",\"category\":" +
                     json_string(r.category) + ",\"confidence\":" + number(r.confidence) +
                     ",\"risk\":" + json_string(r.risk) + ",\"action\":" + json_string(r.action) +
                     ",\"rule\":" + json_string(r.rule) + ",\"reason\":" + json_string(r.reason) +
                     ",\"reason_code\":" + json_string(r.reason_code) +
                     ",\"reason_params\":" + r.reason_params_json + "}"});
  for (auto id : applied.superseded) {
    out.push_back(
        {r.tenant_id, "suggestion.resolved",
         "{\"id\":" + std::to_string(id) + ",\"conversation_id\":" + conv +
             ",\"status\":\"superseded\",\"by_message_id\":" + std::to_string(r.message_id) + "}"});
  }
  if (applied.labels_json) {
    out.push_back({r.tenant_id, "conversation.labeled",
                   "{\"id\":" + conv + ",\"labels\":" + *applied.labels_json + "}"});
  }
  if (applied.bot_paused) {
    out.push_back(
        {r.tenant_id, "conversation.updated", "{\"id\":" + conv + ",\"bot_active\":false}"});
  }
  if (applied.assignee_id) {
    out.push_back({r.tenant_id, "conversation.assigned",
                   "{\"id\":" + conv + ",\"assignee_id\":" + std::to_string(*applied.assignee_id) +
                       ",\"by\":\"system\"}"});
  }
  if (applied.ticket_id) {
    out.push_back({r.tenant_id, "ticket.created",
                   "{\"id\":" + std::to_string(*applied.ticket_id) + ",\"conversation_id\":" +
                       conv + ",\"subject\":" + json_string(r.ticket_subject) +
                       ",\"status\":\"NEW\",\"priority\":" + json_string(r.ticket_priority) +
                       ",\"category\":" + json_string(r.category) + "}"});
  }
  if (applied.suggestion_id && r.draft) {
    out.push_back({r.tenant_id, "suggestion.created",
                   "{\"id\":" + std::to_string(*applied.suggestion_id) + ",\"conversation_id\":" +
                       conv + ",\"message_id\":" + std::to_string(r.message_id) +
                       ",\"status\":\"pending\",\"text\":" + json_string(*r.draft) +
                       ",\"category\":" + json_string(r.category) + ",\"confidence\":" +
                       number(r.confidence) + ",\"reason\":" + json_string(r.reason) +
                       ",\"reason_code\":" + json_string(r.reason_code) +
                       ",\"reason_params\":" + r.reason_params_json + "}"});
  }
  if (applied.reply_message_id && r.reply) {
    out.push_back({r.tenant_id, "message.created",
                   "{\"id\":" + std::to_string(*applied.reply_message_id) +
                       ",\"conversation_id\":" + conv +
                       ",\"direction\":\"out\",\"sender_type\":\"bot\",\"status\":\"queued\","
                       "\"text\":" +
                       json_string(*r.reply) + "}"});
  }
  return out;
}

}  // namespace centralita::actors
