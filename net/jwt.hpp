#pragma once
// JSON Web Tokens, HS256 only (RFC 7519): what the dashboard presents on every API call.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::net {

/// Who a token speaks for.
struct principal {
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  std::string role;  ///< "agent" | "supervisor" | "admin" | "platform"
  std::string email;
  int64_t expires_at = 0;     ///< seconds since the epoch
  int64_t token_version = 0;  ///< the user's token_version when signed (claim "ver")
};

/// Whether `role` is one the users table allows.
bool known_role(std::string_view role);

/// Signs the principal's claims; the token expires `ttl_s` seconds from `now_s`.
std::string sign_jwt(const principal& who, std::string_view secret, int64_t now_s, int64_t ttl_s);

/// Checks the signature (constant time), the algorithm (HS256 only) and the expiry;
/// errc::unauthorized otherwise.
result<principal> verify_jwt(std::string_view token, std::string_view secret, int64_t now_s);

/// URL-safe base64 without padding (RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);
/// The inverse; empty optional-like failure is an error.
result<std::string> base64url_decode(std::string_view text);

}  // namespace centralita::net
