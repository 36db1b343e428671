#pragma once
// The one JSON error shape, `{"error":{"code":…,"message":…}}`, and the one place where error
// codes become HTTP statuses.

#include <string>

#include "common/error.hpp"
#include "common/json_text.hpp"
#include "net/http_types.hpp"

namespace centralita::net {

/// The HTTP status of an error code.
int http_status(errc code);

/// A response carrying the error; `detail` (or a default per code) becomes `code`.
response error_response(const error& e);

/// Shorthand for error_response(make_error(...)).
response error_response(errc code, const std::string& message, const std::string& detail = {});

using centralita::json_string;

}  // namespace centralita::net
