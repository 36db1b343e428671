#include "storage/ticket_repo.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "common/categories.hpp"
#include "storage/record_filter.hpp"
#include "storage/sla_repo.hpp"
#include "storage/user_repo.hpp"

namespace centralita::storage {

namespace {

// The columns read_ticket expects, in its order (a macro so that each query stays one literal).
#define CENTRALITA_TICKET_COLUMNS                                                              \
  "id, tenant_id, subject, description, status, priority, category, customer_id, "             \
  "conversation_id, assignee_id, rfc3339(first_response_due_at), rfc3339(resolution_due_at), " \
  "rfc3339(first_responded_at), rfc3339(resolved_at), rfc3339(closed_at), created_by_type, "   \
  "created_by, rfc3339(created_at), rfc3339(updated_at) "

constexpr const char* find_sql =
    "SELECT " CENTRALITA_TICKET_COLUMNS "FROM tickets WHERE tenant_id = $1 AND id = $2";
constexpr const char* lock_sql =
    "SELECT " CENTRALITA_TICKET_COLUMNS "FROM tickets WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* list_sql = "SELECT " CENTRALITA_TICKET_COLUMNS
                                 "FROM tickets WHERE tenant_id = $1 "
                                 " AND ($2::text IS NULL OR status = $2) "
                                 " AND ($3::bigint IS NULL OR assignee_id = $3) "
                                 " AND (NOT $4::boolean OR assignee_id IS NULL) "
                                 " AND ($5::bigint IS NULL OR id < $5) "
                                 " AND ($7::text IS NULL OR priority = $7) "
                                 " AND ($8::text IS NULL OR category = $8) "
                                 " AND ($9::bigint IS NULL OR EXISTS (SELECT 1 "
                                 "  FROM conversation_labels cl WHERE cl.tenant_id = $1 "
                                 "  AND cl.conversation_id = tickets.conversation_id "
                                 "  AND cl.label_id = $9)) "
                                 " AND ($10::text = '' OR id::text = $10 "
                                 "  OR concat_ws(' ', subject, description, (SELECT cu.name "
                                 "  FROM customers cu WHERE cu.tenant_id = $1 "
                                 "  AND cu.id = tickets.customer_id)) ILIKE '%' || $10 || '%') "
                                 "ORDER BY id DESC LIMIT $6";
constexpr const char* list_by_conversation_sql =
    "SELECT " CENTRALITA_TICKET_COLUMNS
    "FROM tickets WHERE tenant_id = $1 AND conversation_id = $2 "
    "ORDER BY id";
// A new ticket, its 'created' event and its audit row in one statement; the answer is the row as
// inserted. SLA due times ($9 first response, $10 resolution) are microseconds since the epoch,
// computed in the tenant's business hours from the creation time $13 (storage/sla_repo.hpp), so a
// slow round trip between the two statements never shortens a target. $12 and $11 are the
// creator's type and user.
constexpr const char* create_sql =
    "WITH t AS (INSERT INTO tickets (tenant_id, subject, description, priority, category, "
    "  customer_id, conversation_id, assignee_id, created_by_type, created_by, "
    "  first_response_due_at, resolution_due_at, created_at, updated_at) "
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $12, $11, "
    "  to_timestamp($9::bigint / 1000000.0), to_timestamp($10::bigint / 1000000.0), "
    "  to_timestamp($13::bigint / 1000000.0), to_timestamp($13::bigint / 1000000.0)) "
    " RETURNING *), "
    "e AS (INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, actor_user_id, "
    "  after) "
    " SELECT t.tenant_id, t.id, 'created', $12, $11, "
    "  jsonb_build_object('subject', t.subject, 'status', t.status, 'priority', t.priority) "
    " FROM t), "
    "a AS (INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, "
    "  action, after) "
    " SELECT t.tenant_id, $12, $11, 'ticket', t.id::text, 'ticket.created', "
    "  jsonb_build_object('subject', t.subject, 'status', t.status, 'priority', t.priority, "
    "   'category', t.category, 'customer_id', t.customer_id, 'conversation_id', "
    "   t.conversation_id, 'assignee_id', t.assignee_id) "
    " FROM t) "
    "SELECT " CENTRALITA_TICKET_COLUMNS "FROM t";
#undef CENTRALITA_TICKET_COLUMNS

constexpr const char* conversation_customer_sql =
    "SELECT customer_id FROM conversations WHERE tenant_id = $1 AND id = $2";
constexpr const char* customer_exists_sql =
    "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2";

// $3 is the new status; on the right-hand side `status` is still the old one.
constexpr const char* update_sql =
    "UPDATE tickets SET status = $3::text, priority = $4, assignee_id = $5, updated_at = now(), "
    " first_responded_at = CASE WHEN $3::text IN ('IN_PROGRESS', 'RESOLVED') "
    "   THEN coalesce(first_responded_at, now()) ELSE first_responded_at END, "
    " resolved_at = CASE WHEN $3::text = 'RESOLVED' AND status <> 'RESOLVED' THEN now() "
    "   WHEN $3::text IN ('NEW', 'IN_PROGRESS') THEN NULL ELSE resolved_at END, "
    " closed_at = CASE WHEN $3::text = 'CLOSED' AND status <> 'CLOSED' THEN now() "
    "   WHEN $3::text <> 'CLOSED' THEN NULL ELSE closed_at END "
    "WHERE tenant_id = $1 AND id = $2";
constexpr const char* insert_text_event_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, actor_user_id, before, "
    " after) "
    "VALUES ($1, $2, $3, $4, $5, jsonb_build_object($6::text, $7::text), "
    " jsonb_build_object($6::text, $8::text))";
constexpr const char* insert_id_event_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, actor_user_id, before, "
    " after) "
    "VALUES ($1, $2, $3, $4, $5, jsonb_build_object($6::text, $7::bigint), "
    " jsonb_build_object($6::text, $8::bigint))";
constexpr const char* insert_update_audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) "
    "VALUES ($1, $2, $3, 'ticket', $4, 'ticket.updated', "
    " jsonb_build_object('status', $5::text, 'priority', $6::text, 'assignee_id', $7::bigint), "
    " jsonb_build_object('status', $8::text, 'priority', $9::text, 'assignee_id', $10::bigint))";

constexpr const char* ticket_exists_sql = "SELECT 1 FROM tickets WHERE tenant_id = $1 AND id = $2";
constexpr const char* events_sql =
    "SELECT id, ticket_id, kind, actor_type, actor_user_id, before::text, after::text, note, "
    " rfc3339(created_at) "
    "FROM ticket_events WHERE tenant_id = $1 AND ticket_id = $2 ORDER BY id";

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> transitions = {{
    {"NEW", "IN_PROGRESS"},
    {"NEW", "RESOLVED"},
    {"IN_PROGRESS", "RESOLVED"},
    {"RESOLVED", "CLOSED"},
    {"RESOLVED", "IN_PROGRESS"},
    {"CLOSED", "IN_PROGRESS"},
}};

ticket read_ticket(const pg_result& r, int row) {
  ticket t;
  read_columns(r, row, t.id, t.tenant_id, t.subject, t.description, t.status, t.priority,
               t.category, t.customer_id, t.conversation_id, t.assignee_id, t.first_response_due_at,
               t.resolution_due_at, t.first_responded_at, t.resolved_at, t.closed_at,
               t.created_by_type, t.created_by, t.created_at, t.updated_at);
  return t;
}

result<std::vector<ticket>> read_tickets(result<pg_result> r) { return read_rows(r, read_ticket); }

error not_found() { return make_error(errc::not_found, "no such ticket", "ticket_not_found"); }

error unprocessable(const std::string& field, const std::string& what) {
  return make_error(errc::unprocessable, field + " " + what, "invalid_value");
}

result<bool> row_exists(pg_connection& db, const char* sql, int64_t tenant_id, int64_t id) {
  auto r = db.exec(sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  return r->rows() > 0;
}

}  // namespace

bool is_ticket_status(std::string_view s) {
  return s == "NEW" || s == "IN_PROGRESS" || s == "RESOLVED" || s == "CLOSED";
}

bool is_ticket_priority(std::string_view p) { return priority_rank(p) >= 0; }

bool ticket_transition_allowed(std::string_view from, std::string_view to) {
  return std::find(transitions.begin(), transitions.end(), std::pair{from, to}) !=
         transitions.end();
}

std::string ticket_transitions_from(std::string_view from) {
  std::string out;
  for (const auto& [f, t] : transitions) {
    if (f != from) continue;
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out.empty() ? "none" : out;
}

result<ticket> ticket_repo::find(int64_t tenant_id, int64_t id) {
  auto r = read_tickets(
      db_.exec_prepared("ticket_find", find_sql, {std::to_string(tenant_id), std::to_string(id)}));
  if (!r) return r.error();
  if (r->empty()) return not_found();
  return std::move(r->front());
}

result<ticket_page> ticket_repo::list(int64_t tenant_id, const ticket_filter& f) {
  if (f.status && !is_ticket_status(*f.status)) {
    return make_error(errc::invalid_input, "status must be NEW, IN_PROGRESS, RESOLVED or CLOSED",
                      "invalid_status");
  }
  const int limit = std::clamp(f.limit, 1, 200);
  // One row more than asked tells whether there is a next page.
  return read_page<ticket_page>(
      db_.exec(list_sql, {std::to_string(tenant_id), f.status, nullable_param(f.assignee_id),
                          std::string{f.unassigned ? "true" : "false"}, nullable_param(f.before_id),
                          std::to_string(limit + 1), f.priority, f.category,
                          nullable_param(f.label_id), escape_like(f.query)}),
      limit, read_ticket);
}

result<std::vector<ticket>> ticket_repo::list_by_conversation(int64_t tenant_id,
                                                              int64_t conversation_id) {
  return read_tickets(db_.exec(list_by_conversation_sql,
                               {std::to_string(tenant_id), std::to_string(conversation_id)}));
}

result<ticket> ticket_repo::create(int64_t tenant_id, const actor& who, const new_ticket& t) {
  return in_transaction(db_, [&] { return create_in_transaction(tenant_id, who, t); });
}

result<ticket> ticket_repo::create_in_transaction(int64_t tenant_id, const actor& who,
                                                  const new_ticket& t) {
  if (!is_ticket_priority(t.priority)) {
    return unprocessable("priority", "must be low, normal, high or urgent");
  }
  if (t.category && !is_category(*t.category)) {
    return unprocessable("category", "is not a known category");
  }
  auto customer_id = t.customer_id;
  if (t.conversation_id) {
    auto c = db_.exec_prepared("ticket_conversation_customer", conversation_customer_sql,
                               {std::to_string(tenant_id), std::to_string(*t.conversation_id)});
    if (!c) return c.error();
    if (c->rows() == 0) return unprocessable("conversation_id", "is not a conversation here");
    if (customer_id && *customer_id != c->i64(0, 0)) {
      return unprocessable("customer_id", "is not the conversation's customer");
    }
    customer_id = c->i64(0, 0);
  } else if (customer_id) {
    auto found = row_exists(db_, customer_exists_sql, tenant_id, *customer_id);
    if (!found) return found.error();
    if (!*found) return unprocessable("customer_id", "is not a customer here");
  }
  if (t.assignee_id) {
    auto found = user_repo{db_}.exists(tenant_id, *t.assignee_id);
    if (!found) return found.error();
    if (!*found) return unprocessable("assignee_id", "is not a user of this tenant");
  }
  auto due = sla_repo{db_}.due_now(tenant_id, t.priority);
  if (!due) return due.error();
  auto created = read_tickets(db_.exec_prepared(
      "ticket_create", create_sql,
      {std::to_string(tenant_id), t.subject, t.description, t.priority, t.category,
       nullable_param(customer_id), nullable_param(t.conversation_id),
       nullable_param(t.assignee_id), std::to_string(to_epoch_us(due->first_response)),
       std::to_string(to_epoch_us(due->resolution)), nullable_param(who.user_id), who.type,
       std::to_string(to_epoch_us(due->opened))}));
  if (!created) return created.error();
  return std::move(created->front());
}

result<ticket> ticket_repo::update(int64_t tenant_id, int64_t id, const actor& who,
                                   const ticket_patch& p) {
  return in_transaction(db_, [&] { return update_in_transaction(tenant_id, id, who, p); });
}

result<ticket> ticket_repo::update_in_transaction(int64_t tenant_id, int64_t id, const actor& who,
                                                  const ticket_patch& p) {
  auto locked = read_tickets(db_.exec(lock_sql, {std::to_string(tenant_id), std::to_string(id)}));
  if (!locked) return locked.error();
  if (locked->empty()) return not_found();
  const ticket old = std::move(locked->front());

  if (p.status && !is_ticket_status(*p.status)) {
    return unprocessable("status", "must be NEW, IN_PROGRESS, RESOLVED or CLOSED");
  }
  if (p.priority && !is_ticket_priority(*p.priority)) {
    return unprocessable("priority", "must be low, normal, high or urgent");
  }
  const std::string to_status = p.status.value_or(old.status);
  const std::string to_priority = p.priority.value_or(old.priority);
  const auto to_assignee = p.set_assignee ? p.assignee_id : old.assignee_id;
  const bool status_changed = to_status != old.status;
  const bool priority_changed = to_priority != old.priority;
  const bool assignee_changed = to_assignee != old.assignee_id;

  if (status_changed && !ticket_transition_allowed(old.status, to_status)) {
    return make_error(errc::conflict,
                      "a ticket cannot go from " + old.status + " to " + to_status + "; from " +
                          old.status + " it can go to " + ticket_transitions_from(old.status),
                      "invalid_transition");
  }
  if (old.status == "CLOSED" && to_status == "CLOSED" && (priority_changed || assignee_changed)) {
    return make_error(errc::conflict,
                      "the ticket is closed; reopen it (status IN_PROGRESS) to change it",
                      "ticket_closed");
  }
  if (assignee_changed && to_assignee) {
    auto found = user_repo{db_}.exists(tenant_id, *to_assignee);
    if (!found) return found.error();
    if (!*found) return unprocessable("assignee_id", "is not a user of this tenant");
  }
  if (!status_changed && !priority_changed && !assignee_changed) return old;

  const std::string tid = std::to_string(tenant_id);
  const std::string kid = std::to_string(id);
  if (auto r =
          db_.exec(update_sql, {tid, kid, to_status, to_priority, nullable_param(to_assignee)});
      !r) {
    return r.error();
  }
  auto event = [&](const char* sql, const char* kind, const char* field, param before,
                   param after) -> status {
    auto r = db_.exec(sql, {tid, kid, std::string{kind}, who.type, nullable_param(who.user_id),
                            std::string{field}, std::move(before), std::move(after)});
    if (!r) return r.error();
    return ok_status();
  };
  if (status_changed) {
    auto s = event(insert_text_event_sql, "status_changed", "status", old.status, to_status);
    if (!s) return s.error();
  }
  if (priority_changed) {
    auto s =
        event(insert_text_event_sql, "priority_changed", "priority", old.priority, to_priority);
    if (!s) return s.error();
  }
  if (assignee_changed) {
    auto s = event(insert_id_event_sql, "assignee_changed", "assignee_id",
                   nullable_param(old.assignee_id), nullable_param(to_assignee));
    if (!s) return s.error();
  }
  auto audit =
      db_.exec(insert_update_audit_sql, {tid, who.type, nullable_param(who.user_id), kid,
                                         old.status, old.priority, nullable_param(old.assignee_id),
                                         to_status, to_priority, nullable_param(to_assignee)});
  if (!audit) return audit.error();
  return find(tenant_id, id);
}

result<std::vector<ticket_event>> ticket_repo::events(int64_t tenant_id, int64_t id) {
  auto found = row_exists(db_, ticket_exists_sql, tenant_id, id);
  if (!found) return found.error();
  if (!*found) return not_found();
  auto r = db_.exec(events_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  std::vector<ticket_event> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back(ticket_event{r->i64(i, 0), r->i64(i, 1), r->str(i, 2), r->str(i, 3),
                               nullable_int(*r, i, 4), nullable_text(*r, i, 5),
                               nullable_text(*r, i, 6), nullable_text(*r, i, 7), r->str(i, 8)});
  }
  return out;
}

}  // namespace centralita::storage
