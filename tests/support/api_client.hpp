#pragma once
// Helpers for tests that call the agents' API: sign in, and the bearer header.

#include <cstdint>
#include <string>

#include "tests/support/http_client.hpp"

namespace centralita::testkit {

/// The demo users' password (docs/contract.md §Demo data).
inline constexpr const char* demo_password = "admin123";

/// The body of POST /api/v1/auth/login.
std::string login_body(const std::string& email, const std::string& password);

/// Signs in through POST /api/v1/auth/login on 127.0.0.1:port and returns the token; throws
/// http_error when the login does not answer 200 with a token.
std::string login(uint16_t port, const std::string& email,
                  const std::string& password = demo_password);

/// `Authorization: Bearer <token>`.
http_headers bearer(const std::string& token);

}  // namespace centralita::testkit
