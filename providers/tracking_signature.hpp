#pragma once
// The tracking webhooks' signatures:
// - AfterShip (§4a): `aftership-hmac-sha256: base64(HMAC-SHA256(secret, raw body))`.
// - 17TRACK (§4b): `sign: hex(SHA-256(raw body + "/" + key))`, a plain hash (consensus of
//   third-party integrations; 17TRACK does not document it).
// Both compare in constant time; errors are errc::unauthorized saying which check failed.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// Checks AfterShip's header against the raw body.
status verify_aftership_signature(std::string_view header, std::string_view body,
                                  std::string_view secret);
/// The header value AfterShip would send (tests sign with it).
std::string sign_aftership(std::string_view body, std::string_view secret);

/// Checks 17TRACK's `sign` header (hex, either case) against the raw body.
status verify_17track_signature(std::string_view header, std::string_view body,
                                std::string_view key);
/// The `sign` value 17TRACK would send.
std::string sign_17track(std::string_view body, std::string_view key);

}  // namespace centralita::providers
