#pragma once
// A tenant's tickets and their history. Every change is one transaction that also writes a
// ticket_events row per changed field and an audit_log row with who did it.
//
// Status life cycle, enforced here (not only in the API):
//   NEW -> IN_PROGRESS -> RESOLVED -> CLOSED
//   NEW -> RESOLVED          (resolved at first contact, never worked on: helpdesks allow it)
//   RESOLVED -> IN_PROGRESS  (the customer came back before it was closed)
//   CLOSED -> IN_PROGRESS    (reopen)
// Anything else (back to NEW, IN_PROGRESS -> CLOSED, NEW -> CLOSED, RESOLVED -> NEW, ...) is
// errc::conflict. A closed ticket is frozen: its priority and assignee change only after a
// reopen (a request that reopens and reassigns at once is fine).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

/// One ticket; times are RFC 3339 UTC.
struct ticket {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string subject;
  std::string description;
  std::string status;    ///< NEW | IN_PROGRESS | RESOLVED | CLOSED
  std::string priority;  ///< low | normal | high | urgent
  std::optional<std::string> category;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> conversation_id;
  std::optional<int64_t> assignee_id;
  std::optional<std::string> first_response_due_at;
  std::optional<std::string> resolution_due_at;
  std::optional<std::string> first_responded_at;
  std::optional<std::string> resolved_at;
  std::optional<std::string> closed_at;
  std::string created_by_type;  ///< user | ai | system
  std::optional<int64_t> created_by;
  std::string created_at;
  std::string updated_at;
};

/// One change in a ticket's history; before/after are jsonb texts.
struct ticket_event {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::string kind;  ///< created | status_changed | priority_changed | assignee_changed | ...
  std::string actor_type;
  std::optional<int64_t> actor_user_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::optional<std::string> note;
  std::string created_at;
};

/// What to list: newest first, keyset-paged on id.
struct ticket_filter {
  std::optional<std::string> status;
  std::optional<int64_t> assignee_id;
  bool unassigned = false;  ///< only tickets with no assignee
  std::optional<std::string> priority;
  std::optional<std::string> category;
  std::optional<int64_t> label_id;   ///< only tickets whose conversation has this label
  std::string query;                 ///< the id, or a substring of subject, description or
                                     ///< the customer's name; empty: any
  std::optional<int64_t> before_id;  ///< the previous page's `next_before_id`
  int limit = 50;                    ///< 1..200
};

/// A page of the list and the cursor of the next one.
using ticket_page = record_page<ticket>;

/// A ticket to open; the references must belong to the tenant (errc::unprocessable).
struct new_ticket {
  std::string subject;
  std::string description;
  std::string priority = "normal";
  std::optional<std::string> category;
  std::optional<int64_t> customer_id;  ///< taken from the conversation when absent
  std::optional<int64_t> conversation_id;
  std::optional<int64_t> assignee_id;
};

/// A change to a ticket; absent fields stay as they are.
struct ticket_patch {
  std::optional<std::string> status;
  std::optional<std::string> priority;
  bool set_assignee = false;  ///< assignee_id below applies (empty: unassign)
  std::optional<int64_t> assignee_id;
};

/// True for NEW, IN_PROGRESS, RESOLVED and CLOSED.
bool is_ticket_status(std::string_view s);
/// True for low, normal, high and urgent.
bool is_ticket_priority(std::string_view p);
/// Whether a ticket in status `from` may move to `to` (a different status; see above).
bool ticket_transition_allowed(std::string_view from, std::string_view to);
/// The statuses `from` may move to, comma-separated, for error messages.
std::string ticket_transitions_from(std::string_view from);

/// Reads and changes tickets within one tenant; errc::not_found for another tenant's ticket.
class ticket_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit ticket_repo(pg_connection& db) : db_(db) {}

  /// The ticket with this id in the tenant.
  result<ticket> find(int64_t tenant_id, int64_t id);
  /// A page of the tenant's tickets, newest first.
  result<ticket_page> list(int64_t tenant_id, const ticket_filter& filter);
  /// The tickets of one conversation, oldest first.
  result<std::vector<ticket>> list_by_conversation(int64_t tenant_id, int64_t conversation_id);
  /// Opens a ticket (status NEW) with its `created` event and audit row; SLA due times follow
  /// the priority. errc::unprocessable when a reference is not the tenant's.
  result<ticket> create(int64_t tenant_id, const actor& who, const new_ticket& t);
  /// Applies a change: errc::not_found, errc::conflict (transition, closed ticket) or
  /// errc::unprocessable (bad value, assignee not of the tenant). No change writes nothing.
  result<ticket> update(int64_t tenant_id, int64_t id, const actor& who, const ticket_patch& p);
  /// The ticket's history, oldest first; errc::not_found when the ticket is not the tenant's.
  result<std::vector<ticket_event>> events(int64_t tenant_id, int64_t id);
  /// create() inside the caller's transaction (the AI pipeline opens tickets with its decision).
  result<ticket> create_in_transaction(int64_t tenant_id, const actor& who, const new_ticket& t);

 private:
  result<ticket> update_in_transaction(int64_t tenant_id, int64_t id, const actor& who,
                                       const ticket_patch& p);
  pg_connection& db_;
};

}  // namespace centralita::storage
