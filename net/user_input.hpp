#pragma once
// What the user and tenant routes read from a body and share: e-mails, names, roles and
// passwords checked the same way everywhere, and the one-time set-password link.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "net/api_json.hpp"
#include "net/http_types.hpp"

namespace centralita::net {

/// The shortest password a user may set.
inline constexpr size_t min_password = 8;
/// Argon2 takes any length; a megabyte is not a password.
inline constexpr size_t max_password = 1024;

/// An e-mail as users are stored: trimmed and lower-cased.
std::string normalize_email(std::string_view text);

/// The normalized e-mail, or errc::invalid_input naming `field` unless it looks like one
/// (one @, something before it, a dot after it, no spaces, at most 254 bytes).
result<std::string> checked_email(std::string_view text, const std::string& field);

/// The trimmed name, or errc::invalid_input naming `field` when empty or over `max` characters.
result<std::string> checked_name(std::string_view text, const std::string& field, size_t max = 120);

/// `role` when a tenant admin may give it (agent, supervisor, admin), else errc::invalid_input.
result<std::string> checked_role(const std::string& role);

/// errc::invalid_input naming `field` unless the password has 8 to 1024 characters.
status checked_password(const std::string& password, const std::string& field);

/// A new set-password link's token (32 random bytes, hex) and the SHA-256 hex stored for it.
struct password_link {
  std::string token;
  std::string token_hash;
};

/// A fresh link token.
password_link new_password_link();

/// The SHA-256 hex of a token as given (what password_tokens stores).
std::string password_link_hash(const std::string& token);

/// `<dashboard>/set-password?token=<token>`: the dashboard is the request's Origin (the page
/// that asked) or else `http://<Host>`; the link is shown to the admin who asked, once.
std::string set_password_url(const request& req, const std::string& token);

/// Writes `set_password_url` and `expires_in_hours` of a new link into the object being written.
void write_password_link(json_builder& j, const std::string& url);

}  // namespace centralita::net
