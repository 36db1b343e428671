#pragma once
// Private notes in a conversation or on a ticket (never sent to the customer) and the
// notifications their `@name` mentions give the people named.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// The names after each `@` of a note (letters, digits, `.`, `_`, `-`; a trailing `.` is
/// punctuation), without duplicates; at most 20.
std::vector<std::string> note_mentions(std::string_view text);

/// Adds POST /api/v1/conversations/{id}/notes, POST and GET /api/v1/tickets/{id}/notes,
/// GET /api/v1/notifications and
/// POST /api/v1/notifications/read.
void add_note_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
