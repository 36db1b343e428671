#pragma once
// The project's one error vocabulary: every layer returns these codes, and net/ maps each to an
// HTTP status in exactly one place.

#include <string>
#include <utility>

namespace centralita {

/// What went wrong, independent of the transport that reports it.
enum class errc {
  invalid_input,      ///< malformed or missing data (400)
  unauthorized,       ///< unknown credential or bad signature (401)
  forbidden,          ///< authenticated, but the role may not (403)
  not_found,          ///< no such object for this tenant (404)
  conflict,           ///< state does not allow it (409)
  payload_too_large,  ///< body over the limit (413)
  unsupported_media,  ///< not JSON (415)
  unprocessable,      ///< well-formed but refused (422)
  rate_limited,       ///< over the account's rate (429)
  unavailable,        ///< a dependency (the database) is down (503)
  internal,           ///< a bug: logged, answered 500
};

/// An error value: a code plus a message safe to show to the caller.
struct error {
  errc code = errc::internal;
  std::string message;
  /// Machine-readable code for the JSON error shape ("invalid_json", "missing_field", ...).
  std::string detail;
};

inline error make_error(errc code, std::string message, std::string detail = {}) {
  return error{code, std::move(message), std::move(detail)};
}

}  // namespace centralita
