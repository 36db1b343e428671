#pragma once
// The conversations an agent works: list, one with its timeline, status and assignee changes,
// and the agent's replies.

#include <memory>

#include "net/api_auth.hpp"
#include "net/router.hpp"
#include "storage/message_query.hpp"

namespace centralita::net {

/// Adds GET /api/v1/conversations, GET and PATCH /api/v1/conversations/{id} and
/// POST /api/v1/conversations/{id}/messages.
void add_conversation_routes(router& routes, const std::shared_ptr<const api_env>& env);

/// The live event of a new message, shaped as the message writer's; an attachment's carries its
/// `media` too.
std::string message_created_json(const storage::message_record& m, bool with_media = false);

/// The answer to an agent's message queued for sending: the outbox sender is woken, the
/// dashboards hear message.created, and the caller gets the message (201).
response answer_queued(actors::node& node, const storage::message_record& m,
                       bool with_media = false);

}  // namespace centralita::net
