#include "net/record_codecs.hpp"

#include "storage/quote_repo.hpp"

namespace centralita::net {

void write_call(json_builder& j, const storage::call_record& c) {
  j.begin_object()
      .field("id", c.id)
      .field("provider_conversation_id", c.provider_conversation_id)
      .field("agent_id", c.agent_id)
      .field("customer_id", c.customer_id)
      .field("conversation_id", c.conversation_id)
      .field("ticket_id", c.ticket_id)
      .field("direction", c.direction)
      .field("status", c.status)
      .field("phone", c.phone)
      .field("started_at", c.started_at)
      .field("duration_s", c.duration_s)
      .field("summary", c.summary)
      .field("has_audio", c.has_audio)
      .field("failure_reason", c.failure_reason)
      .field("created_at", c.created_at)
      .field("updated_at", c.updated_at);
  if (c.transcript_json) j.key("transcript").raw(c.transcript_json);
  if (c.collected_json) j.key("collected_data").raw(c.collected_json);
  j.end_object();
}

void write_shipment(json_builder& j, const storage::shipment_record& s, bool with_checkpoints) {
  j.begin_object()
      .field("id", s.id)
      .field("tracking_number", s.tracking_number)
      .field("carrier", s.carrier)
      .field("status", s.status)
      .field("customer_id", s.customer_id)
      .field("conversation_id", s.conversation_id)
      .field("ticket_id", s.ticket_id)
      .field("order_number", s.order_number)
      .field("eta", s.eta)
      .field("last_checked_at", s.last_checked_at)
      .field("created_at", s.created_at)
      .field("updated_at", s.updated_at);
  if (with_checkpoints) {
    j.key("checkpoints").begin_array();
    for (const auto& c : s.checkpoints) {
      j.begin_object()
          .field("occurred_at", c.occurred_at)
          .field("status", c.status)
          .field("location", c.location)
          .field("description", c.description)
          .end_object();
    }
    j.end_array();
  }
  j.end_object();
}

void write_invoice(json_builder& j, const storage::invoice_record& v) {
  j.begin_object()
      .field("id", v.id)
      .field("number", v.number)
      .field("customer_id", v.customer_id)
      .field("status", v.status)
      .field("currency", v.currency)
      .field("amount_cents", v.amount_cents)
      .field("issued_at", v.issued_at)
      .field("due_date", v.due_date)
      .field("paid_at", v.paid_at)
      .field("pdf_url", v.pdf_url)
      .field("created_at", v.created_at)
      .end_object();
}

void write_quote(json_builder& j, const storage::quote_record& q) { j.raw(storage::quote_json(q)); }

}  // namespace centralita::net
