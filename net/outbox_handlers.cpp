#include "net/outbox_handlers.hpp"

#include "net/api_routes.hpp"
#include "storage/outbox_repo.hpp"

namespace centralita::net {

namespace {

error no_such_row() {
  return make_error(errc::not_found, "no such outbox row", "outbox_not_found");
}

/// {id, kind (message | blacklist), message_id (null for a blacklist call), intent (a blacklist
/// call's add | remove, else null), conversation_id, provider, status, attempts,
/// next_attempt_at (the next attempt, or the lease's end while sending; null once sent, failed
/// or dead), last_error, provider_message_id, sent_at, created_at, updated_at, text}
void write_outbox_row(json_builder& j, const storage::outbox_row& o) {
  j.begin_object()
      .field("id", o.id)
      .field("kind", o.kind)
      .field("message_id", o.message_id)
      .field("intent", o.intent)
      .field("conversation_id", o.conversation_id)
      .field("provider", o.provider)
      .field("status", o.status)
      .field("attempts", int64_t{o.attempts})
      .field("next_attempt_at", o.next_attempt_at)
      .field("last_error", o.last_error)
      .field("provider_message_id", o.provider_message_id)
      .field("sent_at", o.sent_at)
      .field("created_at", o.created_at)
      .field("updated_at", o.updated_at)
      .field("text", o.text)
      .end_object();
}

result<storage::outbox_filter> parse_filter(const request& req) {
  storage::outbox_filter f;
  if (auto s = query_choice(req, "status", storage::is_outbox_status,
                            "status must be pending, sending, sent, failed or dead", f.status);
      !s) {
    return s.error();
  }
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

}  // namespace

void add_outbox_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/outbox",
             list_route<storage::outbox_repo>(env, parse_filter, write_outbox_row));

  // Any signed-in user of the tenant may retry: agents work the conversations it belongs to.
  routes.add("POST", "/api/v1/outbox/{id}/retry",
             id_route(authenticated, env, no_such_row(),
                      [env](storage::pg_connection& db, const principal& who,
                            int64_t id) -> result<response> {
                        auto row = storage::outbox_repo{db}.retry(
                            who.tenant_id, id, storage::actor::user(who.user_id));
                        if (!row) return row.error();
                        // Announced before the senders wake, so "queued" reaches the bus before the
                        // "sent" (or "failed") that the new attempt announces.
                        if (row->message_id) {
                          json_builder event;
                          event.begin_object()
                              .field("id", row->message_id)
                              .field("conversation_id", row->conversation_id)
                              .field("status", "queued")
                              .end_object();
                          env->node.publish(row->tenant_id, "message.updated", event.str());
                        }
                        env->node.wake_outbox();
                        return json_response(200, json_text(*row, write_outbox_row));
                      }));
}

}  // namespace centralita::net
