#include "net/log_handlers.hpp"

#include "net/api_routes.hpp"
#include "storage/audit_query.hpp"
#include "storage/event_query.hpp"

namespace centralita::net {

namespace {

void write_event(json_builder& j, const storage::logged_event& e) {
  j.begin_object()
      .field("id", e.event_id)
      .field("seq", e.seq)
      .field("channel_account_id", e.channel_account_id)
      .field("provider", e.provider)
      .field("event_name", e.event_name)
      .field("status", e.status)
      .field("attempts", static_cast<int64_t>(e.attempts))
      .field("last_error", e.last_error)
      .field("received_at", e.received_at)
      .field("processed_at", e.processed_at)
      .field("duplicate_of", e.duplicate_of);
  // The raw payload is what the provider sent: a string, since it may not even be JSON.
  if (e.payload) j.field("payload", *e.payload);
  j.end_object();
}

void write_audit(json_builder& j, const storage::audit_row& a) {
  j.begin_object()
      .field("id", a.id)
      .field("actor_type", a.actor_type)
      .field("actor_user_id", a.actor_user_id)
      .field("actor_name", a.actor_name)
      .field("entity_type", a.entity_type)
      .field("entity_id", a.entity_id)
      .field("action", a.action)
      .key("before")
      .raw(a.before_json)
      .key("after")
      .raw(a.after_json)
      .field("created_at", a.created_at)
      .end_object();
}

std::optional<std::string> text_param(const request& req, const char* name) {
  auto v = req.query_param(name);
  if (v.empty()) return std::nullopt;
  return std::string{v};
}

result<std::string> event_id(const request& req) { return req.params.at("id"); }

result<storage::event_filter> parse_event_filter(const request& req) {
  storage::event_filter f;
  f.status = text_param(req, "status");
  if (f.status && *f.status != "accepted" && *f.status != "processed" && *f.status != "ignored" &&
      *f.status != "failed" && *f.status != "duplicate") {
    return make_error(errc::invalid_input,
                      "status must be accepted, processed, ignored, failed or duplicate",
                      "invalid_query");
  }
  if (auto s = query_id(req, "conversation_id", f.conversation_id); !s) return s.error();
  f.provider = text_param(req, "provider");
  if (auto s = query_page(req, f.before_seq, f.limit); !s) return s.error();
  return f;
}

result<storage::audit_filter> parse_audit_filter(const request& req) {
  storage::audit_filter f;
  f.entity_type = text_param(req, "entity_type");
  f.entity_id = text_param(req, "entity_id");
  f.actor_type = text_param(req, "actor_type");
  if (f.actor_type && *f.actor_type != "user" && *f.actor_type != "ai" &&
      *f.actor_type != "system") {
    return make_error(errc::invalid_input, "actor_type must be user, ai or system",
                      "invalid_query");
  }
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

}  // namespace

void add_log_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/events",
             input_route(authenticated, env, parse_event_filter,
                         [](storage::pg_connection& db, const principal& who,
                            const storage::event_filter& f) -> result<response> {
                           auto page = storage::event_query{db}.list(who.tenant_id, f);
                           if (!page) return page.error();
                           return json_response(
                               200, page_json(page->items, page->next_before_seq, write_event));
                         }));

  // Event ids are the providers' text ids, not numbers: the path is passed as it is.
  routes.add(
      "GET", "/api/v1/events/{id}",
      input_route(authenticated, env, event_id,
                  [](storage::pg_connection& db, const principal& who, const std::string& id) {
                    return json_answer(200, storage::event_query{db}.find(who.tenant_id, id),
                                       write_event);
                  }));

  routes.add("POST", "/api/v1/events/{id}/replay",
             input_route(admin_only, env, event_id,
                         [env](storage::pg_connection& db, const principal& who,
                               const std::string& id) -> result<response> {
                           storage::event_query events{db};
                           auto replayed = events.replay(who.tenant_id, id, who.user_id);
                           if (!replayed) return replayed.error();
                           env->node.dispatch(std::move(*replayed));
                           return json_answer(202, events.find(who.tenant_id, id), write_event);
                         }));

  routes.add("GET", "/api/v1/audit",
             list_route<storage::audit_query>(env, parse_audit_filter, write_audit));
}

}  // namespace centralita::net
