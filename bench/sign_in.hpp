#pragma once
// Signing in to the API for the benches that act as an agent (`ws`, `soak`).

#include <optional>
#include <string>

#include "bench/http_target.hpp"

namespace centralita::bench {

/// POSTs the login and returns the token; nothing (with the reason on stderr, after `who`)
/// when the server refuses or can't be reached.
std::optional<std::string> sign_in(const http_target& api, const std::string& email,
                                   const std::string& password, const char* who);

/// The string member `key` of a JSON object; "" when the body is not one or has no such string.
std::string json_string(const std::string& body, const char* key);

}  // namespace centralita::bench
