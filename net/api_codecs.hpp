#pragma once
// How the API writes its resources (users, conversations, customers, messages, tickets and
// their events): one function per resource, so every route shows a resource the same way.

#include "net/api_json.hpp"
#include "storage/conversation_repo.hpp"
#include "storage/customer_repo.hpp"
#include "storage/message_query.hpp"
#include "storage/suggestion_repo.hpp"
#include "storage/ticket_repo.hpp"
#include "storage/timeline_query.hpp"
#include "storage/user_repo.hpp"

namespace centralita::net {

/// {id, email, name, role, tenant:{id, slug}}
void write_user(json_builder& j, const storage::user& u);
/// The members of a conversation (without braces); with `customer:{id,name,phone}` unless the
/// caller writes a fuller customer itself.
void write_conversation_fields(json_builder& j, const storage::conversation& c,
                               bool customer_summary = true);
/// A conversation as a list shows it.
void write_conversation(json_builder& j, const storage::conversation& c);
/// {id, name, phone, email, language, created_at}
void write_customer(json_builder& j, const storage::customer& c);
/// {id, conversation_id, direction, sender_type, sender_user_id, text, attachments, media,
/// status, created_at}
void write_message(json_builder& j, const storage::message_record& m);
/// Every column of a ticket.
void write_ticket(json_builder& j, const storage::ticket& t);
/// The members decisions, shipments, calls and invoices of a conversation's detail.
void write_timeline_extras(json_builder& j, const storage::timeline_extras& x);
/// Every field of a suggestion, with the customer's name.
void write_suggestion(json_builder& j, const storage::suggestion& s);
/// {id, ticket_id, kind, actor_type, actor_user_id, before, after, note, created_at}
void write_ticket_event(json_builder& j, const storage::ticket_event& e);

}  // namespace centralita::net
