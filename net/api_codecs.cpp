#include "net/api_codecs.hpp"

namespace centralita::net {

void write_user(json_builder& j, const storage::user& u) {
  j.begin_object()
      .field("id", u.id)
      .field("email", u.email)
      .field("name", u.name)
      .field("role", u.role)
      .field("online", u.online)
      .field("max_open_conversations", static_cast<int64_t>(u.max_open_conversations))
      .field("active", u.active)
      .field("password_set", u.password_set)
      .key("tenant")
      .begin_object()
      .field("id", u.tenant_id)
      .field("slug", u.tenant_slug)
      .end_object()
      .end_object();
}

void write_conversation_fields(json_builder& j, const storage::conversation& c,
                               bool customer_summary) {
  j.field("id", c.id).field("status", c.status);
  if (customer_summary) {
    j.key("customer")
        .begin_object()
        .field("id", c.customer_id)
        .field("name", c.customer_name)
        .field("phone", c.customer_phone)
        .end_object();
  }
  j.field("assignee_id", c.assignee_id)
      .field("bot_active", c.bot_active)
      .field("channel_account_id", c.channel_account_id)
      .field("last_message_at", c.last_message_at)
      .field("last_message_preview", c.last_message_preview)
      .field("first_response_due_at", c.first_response_due_at)
      .field("resolution_due_at", c.resolution_due_at)
      .field("first_responded_at", c.first_responded_at)
      .key("labels")
      .raw(c.labels_json)
      .field("created_at", c.created_at)
      .field("updated_at", c.updated_at);
}

void write_conversation(json_builder& j, const storage::conversation& c) {
  j.begin_object();
  write_conversation_fields(j, c);
  j.end_object();
}

void write_customer(json_builder& j, const storage::customer& c) {
  j.begin_object()
      .field("id", c.id)
      .field("name", c.name)
      .field("phone", c.phone)
      .field("email", c.email)
      .field("language", c.language)
      .field("notes", c.notes)
      .key("attributes")
      .raw(c.attributes_json)
      .field("merged_into_id", c.merged_into_id)
      .field("created_at", c.created_at)
      .field("updated_at", c.updated_at)
      .end_object();
}

void write_message(json_builder& j, const storage::message_record& m) {
  j.begin_object()
      .field("id", m.id)
      .field("conversation_id", m.conversation_id)
      .field("direction", m.direction)
      .field("sender_type", m.sender_type)
      .field("sender_user_id", m.sender_user_id)
      .field("text", m.body)
      .key("attachments")
      .raw(m.attachments_json)
      .key("media")
      .raw(m.media_json)
      .field("status", m.status)
      .field("private", false)
      .field("created_at", m.created_at)
      .end_object();
}

void write_ticket(json_builder& j, const storage::ticket& t) {
  j.begin_object()
      .field("id", t.id)
      .field("subject", t.subject)
      .field("description", t.description)
      .field("status", t.status)
      .field("priority", t.priority)
      .field("category", t.category)
      .field("customer_id", t.customer_id)
      .field("conversation_id", t.conversation_id)
      .field("assignee_id", t.assignee_id)
      .field("first_response_due_at", t.first_response_due_at)
      .field("resolution_due_at", t.resolution_due_at)
      .field("first_responded_at", t.first_responded_at)
      .field("resolved_at", t.resolved_at)
      .field("closed_at", t.closed_at)
      .field("created_by_type", t.created_by_type)
      .field("created_by", t.created_by)
      .field("created_at", t.created_at)
      .field("updated_at", t.updated_at)
      .end_object();
}

void write_timeline_extras(json_builder& j, const storage::timeline_extras& x) {
  j.key("decisions").begin_array();
  for (const auto& d : x.decisions) {
    j.begin_object()
        .field("id", d.id)
        .field("message_id", d.message_id)
        .field("category", d.category)
        .field("confidence", d.confidence)
        .field("risk", d.risk)
        .key("entities")
        .raw(d.entities_json)
        .field("rule", d.rule)
        .field("reason", d.reason)
        .field("reason_code", d.reason_code)
        .key("reason_params")
        .raw(d.reason_params_json)
        .field("action", d.action)
        .key("inputs")
        .raw(d.inputs_json)
        .field("created_at", d.created_at)
        .end_object();
  }
  j.end_array().key("shipments").begin_array();
  for (const auto& s : x.shipments) {
    j.begin_object()
        .field("id", s.id)
        .field("tracking_number", s.tracking_number)
        .field("carrier", s.carrier)
        .field("status", s.status)
        .field("order_number", s.order_number)
        .field("eta", s.eta)
        .field("last_location", s.last_location)
        .field("last_description", s.last_description)
        .field("updated_at", s.updated_at)
        .end_object();
  }
  j.end_array().key("calls").begin_array();
  for (const auto& c : x.calls) {
    j.begin_object()
        .field("id", c.id)
        .field("direction", c.direction)
        .field("status", c.status)
        .field("duration_s", c.duration_s)
        .field("summary", c.summary)
        .key("transcript")
        .raw(c.transcript_json)
        .key("collected_data")
        .raw(c.collected_json)
        .field("created_at", c.created_at)
        .end_object();
  }
  j.end_array().key("invoices").begin_array();
  for (const auto& v : x.invoices) {
    j.begin_object()
        .field("id", v.id)
        .field("number", v.number)
        .field("status", v.status)
        .field("currency", v.currency)
        .field("amount_cents", v.amount_cents)
        .field("due_date", v.due_date)
        .field("pdf_url", v.pdf_url)
        .end_object();
  }
  j.end_array();
}

void write_suggestion(json_builder& j, const storage::suggestion& s) {
  j.begin_object()
      .field("id", s.id)
      .field("conversation_id", s.conversation_id)
      .field("message_id", s.message_id)
      .field("text", s.text)
      .field("final_text", s.final_text)
      .field("status", s.status)
      .field("category", s.category)
      .field("confidence", s.confidence)
      .field("reason", s.reason)
      .field("reason_code", s.reason_code)
      .key("reason_params")
      .raw(s.reason_params_json)
      .field("decided_by", s.decided_by)
      .field("decided_at", s.decided_at)
      .field("reject_reason", s.reject_reason)
      .field("sent_message_id", s.sent_message_id)
      .field("customer_name", s.customer_name)
      .field("created_at", s.created_at)
      .end_object();
}

void write_ticket_event(json_builder& j, const storage::ticket_event& e) {
  j.begin_object()
      .field("id", e.id)
      .field("ticket_id", e.ticket_id)
      .field("kind", e.kind)
      .field("actor_type", e.actor_type)
      .field("actor_user_id", e.actor_user_id)
      .key("before")
      .raw(e.before_json)
      .key("after")
      .raw(e.after_json)
      .field("note", e.note)
      .field("created_at", e.created_at)
      .end_object();
}

}  // namespace centralita::net
