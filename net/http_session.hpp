#pragma once
// The HTTP/1.1 side of a listener: one session per connection (read, route, answer on the
// connection's strand, keep-alive), handing `GET /ws` upgrades to net/ws_session.hpp.

#include <memory>

#include "net/http_listener.hpp"

namespace centralita::net {

/// Accepts connections on `s->acceptor` until it closes, each served by its own session.
void accept_connections(const std::shared_ptr<http_server::shared>& s);

}  // namespace centralita::net
