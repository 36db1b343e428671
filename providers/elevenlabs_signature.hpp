#pragma once
// The ElevenLabs webhook signature (docs/protocols.md §2b):
// `ElevenLabs-Signature: t=<unix>,v0=<hex>`, an HMAC-SHA256 of `<t>.<raw body>` keyed with the
// webhook's shared secret.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// Oldest signature accepted, as the official SDKs do.
constexpr int64_t signature_max_age_s = 30 * 60;
/// Furthest in the future a signature may be (our hardening; the SDKs have no bound).
constexpr int64_t signature_max_skew_s = 5 * 60;

/// Checks `header` against `body` (the raw bytes received) at `now_s`: its parts in any order,
/// the timestamp within the window, the `v0` hash compared in constant time. Errors are
/// errc::unauthorized with a message that says which check failed.
status verify_elevenlabs_signature(std::string_view header, std::string_view body,
                                   std::string_view secret, int64_t now_s);

/// The header value a sender would put on `body` at `t` (tests and the bench sign with it).
std::string sign_elevenlabs(std::string_view body, std::string_view secret, int64_t t);

}  // namespace centralita::providers
