#pragma once
// The WebSocket session of `GET /ws` (docs/architecture.md §The life of a webhook): Beast does
// the upgrade handshake, then the session speaks RFC 6455 itself so that one gather write
// carries a whole batch of live frames.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/http_listener.hpp"

namespace centralita::net {

/// Answers the upgrade request `upgrade` on `stream` (with the bytes `buffer` read past it) and
/// serves tenant `tenant`'s live events to the socket until it closes; `token` signed it in.
/// With `after` (the upgrade's `?after=N`) the socket starts with a replay of the events after
/// N, at once: no first message is awaited.
void run_ws_session(beast::tcp_stream&& stream, beast::flat_buffer&& buffer,
                    std::shared_ptr<http_server::shared> shared, int64_t tenant, std::string token,
                    std::optional<int64_t> after, http::request<http::string_body> upgrade);

}  // namespace centralita::net
