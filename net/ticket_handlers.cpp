#include "net/ticket_handlers.hpp"

#include "common/categories.hpp"
#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_subject_chars = 500;
constexpr size_t max_description_chars = 10000;

result<storage::ticket_filter> parse_filter(const request& req, const principal& who) {
  storage::ticket_filter f;
  if (auto s = query_choice(req, "status", storage::is_ticket_status,
                            "status must be NEW, IN_PROGRESS, RESOLVED or CLOSED", f.status);
      !s) {
    return s.error();
  }
  if (auto s = query_assignee_into(req, who, f); !s) return s.error();
  if (auto s = query_choice(req, "priority", storage::is_ticket_priority,
                            "priority must be low, normal, high or urgent", f.priority);
      !s) {
    return s.error();
  }
  if (auto s = query_choice(req, "category", is_category,
                            "category must be one of INFO, TRACKING, BILLING, QUOTE, COMPLAINT, "
                            "HUMAN, OTHER",
                            f.category);
      !s) {
    return s.error();
  }
  if (auto s = query_id(req, "label", f.label_id); !s) return s.error();
  auto q = query_search(req);
  if (!q) return q.error();
  f.query = std::move(*q);
  if (auto s = query_page(req, f.before_id, f.limit); !s) return s.error();
  return f;
}

result<storage::new_ticket> parse_new_ticket(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"subject", "description", "priority", "category", "conversation_id",
                        "customer_id", "assignee_id"});
      !s) {
    return s.error();
  }
  storage::new_ticket t;
  auto subject = b->required_string("subject");
  if (!subject) return subject.error();
  if (subject->find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid_field("subject", "must not be empty");
  }
  if (utf8_length(*subject) > max_subject_chars) {
    return invalid_field("subject", "is longer than 500 characters");
  }
  t.subject = std::move(*subject);
  auto description = b->optional_string("description");
  if (!description) return description.error();
  if (utf8_length(description->value_or("")) > max_description_chars) {
    return invalid_field("description", "is longer than 10000 characters");
  }
  t.description = description->value_or("");
  auto priority = b->optional_string("priority");
  if (!priority) return priority.error();
  t.priority = priority->value_or("normal");
  auto category = b->optional_string("category");
  if (!category) return category.error();
  t.category = *category;
  for (auto [name, target] :
       {std::pair{"conversation_id", &t.conversation_id}, std::pair{"customer_id", &t.customer_id},
        std::pair{"assignee_id", &t.assignee_id}}) {
    auto id = b->optional_id(name);
    if (!id) return id.error();
    *target = *id;
  }
  return t;
}

result<storage::ticket_patch> parse_patch(const std::string& body) {
  auto b = parse_patch_body(body, {"status", "priority", "assignee_id"});
  if (!b) return b.error();
  storage::ticket_patch p;
  auto status = b->optional_string("status");
  if (!status) return status.error();
  p.status = *status;
  auto priority = b->optional_string("priority");
  if (!priority) return priority.error();
  p.priority = *priority;
  auto assignee = b->nullable_id("assignee_id");
  if (!assignee) return assignee.error();
  p.set_assignee = assignee->present;
  p.assignee_id = assignee->value;
  return p;
}

}  // namespace

void add_ticket_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add("GET", "/api/v1/tickets",
             list_route<storage::ticket_repo>(env, parse_filter, write_ticket));

  routes.add("POST", "/api/v1/tickets",
             input_route(authenticated, env, parse_new_ticket,
                         [env](storage::pg_connection& db, const principal& who,
                               const storage::new_ticket& t) -> result<response> {
                           auto created = storage::ticket_repo{db}.create(
                               who.tenant_id, storage::actor::user(who.user_id), t);
                           if (!created) return created.error();
                           auto body = json_text(*created, write_ticket);
                           env->node.publish(who.tenant_id, "ticket.created", body);
                           return json_response(201, body);
                         }));

  routes.add("GET", "/api/v1/tickets/{id}",
             find_route<storage::ticket_repo>(env, no_such_ticket(), write_ticket));

  routes.add("PATCH", "/api/v1/tickets/{id}",
             id_input_route(authenticated, env, no_such_ticket(), parse_patch,
                            [env](storage::pg_connection& db, const principal& who, int64_t id,
                                  const storage::ticket_patch& p) -> result<response> {
                              auto t = storage::ticket_repo{db}.update(
                                  who.tenant_id, id, storage::actor::user(who.user_id), p);
                              if (!t) return t.error();
                              auto body = json_text(*t, write_ticket);
                              env->node.publish(who.tenant_id, "ticket.updated", body);
                              return json_response(200, body);
                            }));

  routes.add("GET", "/api/v1/tickets/{id}/events",
             id_route(authenticated, env, no_such_ticket(),
                      [](storage::pg_connection& db, const principal& who, int64_t id) {
                        return items_answer(storage::ticket_repo{db}.events(who.tenant_id, id),
                                            write_ticket_event);
                      }));
}

}  // namespace centralita::net
