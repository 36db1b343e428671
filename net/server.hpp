#pragma once
// The whole server: a node, the API listener (:8080) and the gateway listener (:8081), until
// SIGINT or SIGTERM, then a graceful stop: stop accepting, finish what is in flight, flush.

#include "common/result.hpp"
#include "config/settings.hpp"

namespace centralita::net {

/// Serves until a stop signal (or an escalation); returns the process exit status.
int serve(const config::settings& settings);

}  // namespace centralita::net
