#pragma once
// The WhatsApp Cloud API webhook signature (docs/protocols.md §3):
// `X-Hub-Signature-256: sha256=<lower-case hex HMAC-SHA256(app secret, raw body)>`. There is no
// timestamp, so a replay is stopped by idempotency (the message's wamid), not by the signature.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// Checks `header` against `body` (the raw bytes received): the `sha256=` prefix, then the hash
/// compared in constant time (upper-case hex is accepted too). Errors are errc::unauthorized
/// with a message that says which check failed.
status verify_whatsapp_cloud_signature(std::string_view header, std::string_view body,
                                       std::string_view app_secret);

/// The header value Meta would put on `body` (tests and the bench sign with it).
std::string sign_whatsapp_cloud(std::string_view body, std::string_view app_secret);

}  // namespace centralita::providers
