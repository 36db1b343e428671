#pragma once
// Canned replies: every user of a tenant lists them (the composer's `/` menu); supervisors and
// admins create, change and delete them. Variables are checked when saved.

#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "net/api_auth.hpp"
#include "net/router.hpp"

namespace centralita::net {

/// The variables a canned reply may hold, filled in by the dashboard before sending.
inline constexpr std::string_view canned_variables[] = {"first_name", "order_number", "agent_name"};

/// errc::invalid_input naming the first `{{name}}` of `text` that is not a known variable (or a
/// `{{` never closed); ok otherwise.
status check_canned_variables(std::string_view text);

/// Adds GET and POST /api/v1/canned-responses, PATCH and DELETE /api/v1/canned-responses/{id}.
void add_canned_routes(router& routes, const std::shared_ptr<const api_env>& env);

}  // namespace centralita::net
