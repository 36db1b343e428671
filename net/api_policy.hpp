#pragma once
// The API listener's HTTP policy, in one place: security headers on every response,
// `Cache-Control: no-store` under /api/, a Content-Security-Policy that lets the dashboard run
// its own modules only, and CORS for exactly one configured origin.

#include <string>

#include "net/http_server.hpp"

namespace centralita::net {

/// The policy for CORS_ORIGIN `cors_origin`; empty: same origin only (no CORS headers, and
/// every preflight refused).
http_policy api_policy(const std::string& cors_origin);

}  // namespace centralita::net
