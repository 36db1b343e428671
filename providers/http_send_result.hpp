#pragma once
// What every sender that talks HTTP (Builderbot, WhatsApp Cloud) and the demo do alike before
// and after the call: refuse a number with no digit, and count a call that got no answer at all
// as retryable.

#include <optional>
#include <string_view>

#include "providers/http_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// Permanent (retrying cannot help) when `number` has no digit to send to; empty otherwise.
std::optional<send_result> without_number(std::string_view number);

/// Sends `call` and reads its answer with `read`; no answer at all (no connection, a timeout, a
/// reset) is retryable.
send_result send_and_read(const http_call& call, send_result (*read)(const http_answer&));

}  // namespace centralita::providers
