#include "net/conversation_handlers.hpp"

#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/csat_handlers.hpp"
#include "net/record_codecs.hpp"
#include "net/template_handlers.hpp"
#include "providers/billing_provider.hpp"
#include "storage/ai_repo.hpp"
#include "storage/customer_repo.hpp"
#include "storage/note_repo.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/timeline_query.hpp"

namespace centralita::net {

namespace {

// The timeline shows the latest messages; older ones come with paging later.
constexpr int timeline_messages = 500;
// Invoices shown to the agent when the customer asked about billing.
constexpr int billing_invoices = 10;

result<storage::conversation_filter> parse_filter(const request& req, const principal& who) {
  storage::conversation_filter f;
  if (auto s = query_choice(req, "status", storage::is_conversation_status,
                            "status must be open, pending or resolved", f.status);
      !s) {
    return s.error();
  }
  if (auto s = query_assignee_into(req, who, f); !s) return s.error();
  auto q = query_search(req);
  if (!q) return q.error();
  if (!q->empty()) {
    f.query = std::move(*q);
    f.query_messages = true;
  }
  if (auto s = query_id(req, "label", f.label_id); !s) return s.error();
  if (auto cursor = req.query_param("cursor"); !cursor.empty()) {
    auto after = storage::decode_cursor(cursor);
    if (!after) return after.error();
    f.after = *after;
  }
  auto limit = query_limit(req);
  if (!limit) return limit.error();
  f.limit = *limit;
  return f;
}

// A page whose cursor is the last conversation's activity and id (storage::encode_cursor).
result<response> list(storage::pg_connection& db, const principal& who,
                      const storage::conversation_filter& f) {
  auto page = storage::conversation_repo{db}.list(who.tenant_id, f);
  if (!page) return page.error();
  json_builder j;
  j.begin_object().key("items").begin_array();
  for (const auto& c : page->items) write_conversation(j, c);
  j.end_array().key("next_cursor");
  if (page->next) {
    j.value(storage::encode_cursor(*page->next));
  } else {
    j.null();
  }
  j.end_object();
  return json_response(200, j.str());
}

// The conversation's quotes, and `billing`: null until a message of the conversation is
// triaged BILLING, then the customer's invoices from the billing provider, for the agent.
status write_billing(storage::pg_connection& db, json_builder& j, int64_t tenant_id,
                     const storage::conversation& c) {
  auto quotes = storage::quote_query{db}.by_conversation(tenant_id, c.id);
  if (!quotes) return quotes.error();
  j.key("quotes").begin_array();
  for (const auto& q : *quotes) write_quote(j, q);
  j.end_array();
  auto asked = storage::ai_repo{db}.conversation_has_category(tenant_id, c.id, "BILLING");
  if (!asked) return asked.error();
  j.key("billing");
  if (!*asked) {
    j.null();
    return ok_status();
  }
  auto billing = providers::make_billing_provider(db);
  auto invoices = billing->invoices(tenant_id, c.customer_id, billing_invoices);
  if (!invoices) return invoices.error();
  j.begin_object().field("provider", billing->name()).key("invoices").begin_array();
  for (const auto& v : *invoices) write_invoice(j, v);
  j.end_array().end_object();
  return ok_status();
}

result<response> detail(storage::pg_connection& db, const principal& who, int64_t id) {
  auto c = storage::conversation_repo{db}.find(who.tenant_id, id);
  if (!c) return c.error();
  auto customer = storage::customer_repo{db}.find(who.tenant_id, c->customer_id);
  if (!customer) return customer.error();
  auto messages = storage::message_query{db}.list_latest(who.tenant_id, id, timeline_messages);
  if (!messages) return messages.error();
  auto tickets = storage::ticket_repo{db}.list_by_conversation(who.tenant_id, id);
  if (!tickets) return tickets.error();
  auto extras = storage::timeline_query{db}.load(who.tenant_id, id, c->customer_id);
  if (!extras) return extras.error();
  json_builder j;
  j.begin_object();
  write_conversation_fields(j, *c, /*customer_summary=*/false);
  j.key("customer");
  write_customer(j, *customer);
  auto notes = storage::note_repo{db}.list(who.tenant_id, id);
  if (!notes) return notes.error();
  // Notes sit among the messages by time, marked "private": true (never sent).
  j.key("messages").begin_array();
  auto note = notes->begin();
  for (const auto& m : *messages) {
    for (; note != notes->end() && note->created_at < m.created_at; ++note) j.raw(note->json);
    write_message(j, m);
  }
  for (; note != notes->end(); ++note) j.raw(note->json);
  j.end_array().key("tickets").begin_array();
  for (const auto& t : *tickets) write_ticket(j, t);
  j.end_array();
  write_timeline_extras(j, *extras);
  if (auto s = write_billing(db, j, who.tenant_id, *c); !s) return s.error();
  if (auto s = write_conversation_csat(j, db, who.tenant_id, id); !s) return s.error();
  if (auto s = write_channel_state(db, j, who.tenant_id, id); !s) return s.error();
  j.end_object();
  return json_response(200, j.str());
}

result<storage::conversation_patch> parse_patch(const std::string& body) {
  auto b = parse_patch_body(body, {"status", "assignee_id", "bot_active"});
  if (!b) return b.error();
  storage::conversation_patch p;
  auto status = b->optional_string("status");
  if (!status) return status.error();
  p.status = *status;
  auto assignee = b->nullable_id("assignee_id");
  if (!assignee) return assignee.error();
  p.set_assignee = assignee->present;
  p.assignee_id = assignee->value;
  auto bot = b->optional_bool("bot_active");
  if (!bot) return bot.error();
  p.bot_active = *bot;
  return p;
}

}  // namespace

std::string message_created_json(const storage::message_record& m, bool with_media) {
  json_builder j;
  j.begin_object()
      .field("id", m.id)
      .field("conversation_id", m.conversation_id)
      .field("direction", m.direction)
      .field("sender_type", m.sender_type)
      .field("text", m.body);
  if (with_media) j.key("media").raw(m.media_json);
  j.end_object();
  return j.str();
}

response answer_queued(actors::node& node, const storage::message_record& m, bool with_media) {
  node.wake_outbox();
  node.publish(m.tenant_id, "message.created", message_created_json(m, with_media));
  return json_response(201, json_text(m, write_message));
}

void add_conversation_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/conversations", input_route(authenticated, env, parse_filter, list));

  routes.add("GET", "/api/v1/conversations/{id}",
             id_route(authenticated, env, no_such_conversation(), detail));

  routes.add("PATCH", "/api/v1/conversations/{id}",
             id_input_route(authenticated, env, no_such_conversation(), parse_patch,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const storage::conversation_patch& p) -> result<response> {
                              std::optional<storage::enqueued_reply> asked;
                              auto c = storage::conversation_repo{db}.update(
                                  who.tenant_id, id, storage::actor::user(who.user_id), p, &asked);
                              if (!c) return c.error();
                              // A bot_active change queued a Builderbot blacklist call.
                              if (p.bot_active) env->node.wake_outbox();
                              auto body = json_text(*c, write_conversation);
                              env->node.publish(who.tenant_id, "conversation.updated", body);
                              if (asked) {  // the satisfaction question (storage/csat_repo.hpp)
                                env->node.wake_outbox();
                                env->node.publish(who.tenant_id, "message.created",
                                                  message_created_json(asked->message));
                                env->node.publish(
                                    who.tenant_id, "csat.asked",
                                    "{\"conversation_id\":" + std::to_string(id) + "}");
                              }
                              return json_response(200, body);
                            }));

  // The reply and its outbox row are written in one transaction; the outbox sender is woken
  // after the commit and delivers it (docs/architecture.md §Invariants 4).
  routes.add("POST", "/api/v1/conversations/{id}/messages",
             id_input_route(authenticated, env, no_such_conversation(), parse_text_body,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const std::string& text) -> result<response> {
                              auto out = storage::outbound_repo{db}.enqueue_reply(
                                  {who.tenant_id, id, "agent", who.user_id, text, std::nullopt,
                                   std::nullopt});
                              if (!out) return out.error();
                              return answer_queued(env->node, out->message);
                            }));
}

}  // namespace centralita::net
