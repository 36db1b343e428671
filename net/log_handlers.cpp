#include "net/log_handlers.hpp"

#include "net/api_json.hpp"
#include "net/json_reply.hpp"
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

result<storage::event_filter> parse_event_filter(const request& req) {
  storage::event_filter f;
  f.status = text_param(req, "status");
  if (f.status && *f.status != "accepted" && *f.status != "processed" && *f.status != "ignored" &&
      *f.status != "failed" && *f.status != "duplicate") {
    return make_error(errc::invalid_input,
                      "status must be accepted, processed, ignored, failed or duplicate",
                      "invalid_query");
  }
  if (auto c = req.query_param("conversation_id"); !c.empty()) {
    auto id = parse_id(c);
    if (!id)
      return make_error(errc::invalid_input, "conversation_id must be an id", "invalid_query");
    f.conversation_id = *id;
  }
  f.provider = text_param(req, "provider");
  auto cursor = query_cursor(req);
  if (!cursor) return cursor.error();
  f.before_seq = *cursor;
  auto limit = query_limit(req);
  if (!limit) return limit.error();
  f.limit = *limit;
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
  auto cursor = query_cursor(req);
  if (!cursor) return cursor.error();
  f.before_id = *cursor;
  auto limit = query_limit(req);
  if (!limit) return limit.error();
  f.limit = *limit;
  return f;
}

}  // namespace

void add_log_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/events",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto f = parse_event_filter(req);
        if (!f) return respond(error_response(f.error()));
        answer_from_db(env->node, std::move(respond),
                       [who, f = *f](storage::pg_connection& db) -> result<response> {
                         auto page = storage::event_query{db}.list(who.tenant_id, f);
                         if (!page) return page.error();
                         return json_response(
                             200, page_json(page->items, page->next_before_seq, write_event));
                       });
      }));

  routes.add(
      "GET", "/api/v1/events/{id}",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        answer_from_db(
            env->node, std::move(respond),
            [who, id = req.params.at("id")](storage::pg_connection& db) -> result<response> {
              auto e = storage::event_query{db}.find(who.tenant_id, id);
              if (!e) return e.error();
              json_builder j;
              write_event(j, *e);
              return json_response(200, j.str());
            });
      }));

  routes.add("POST", "/api/v1/events/{id}/replay",
             admin_only(env, [env](const request& req, const principal& who, respond_fn respond) {
               answer_from_db(env->node, std::move(respond),
                              [env, who, id = req.params.at("id")](
                                  storage::pg_connection& db) -> result<response> {
                                storage::event_query events{db};
                                auto replayed = events.replay(who.tenant_id, id, who.user_id);
                                if (!replayed) return replayed.error();
                                env->node.dispatch(std::move(*replayed));
                                auto e = events.find(who.tenant_id, id);
                                if (!e) return e.error();
                                json_builder j;
                                write_event(j, *e);
                                return json_response(202, j.str());
                              });
             }));

  routes.add(
      "GET", "/api/v1/audit",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        auto f = parse_audit_filter(req);
        if (!f) return respond(error_response(f.error()));
        answer_from_db(env->node, std::move(respond),
                       [who, f = *f](storage::pg_connection& db) -> result<response> {
                         auto page = storage::audit_query{db}.list(who.tenant_id, f);
                         if (!page) return page.error();
                         return json_response(
                             200, page_json(page->items, page->next_before_id, write_audit));
                       });
      }));
}

}  // namespace centralita::net
