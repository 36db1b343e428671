#include "net/user_input.hpp"

#include <algorithm>
#include <cctype>

#include "common/crypto.hpp"
#include "common/ids.hpp"
#include "net/api_json.hpp"
#include "storage/user_admin_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_email = 254;  // RFC 5321's limit on a path

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::string normalize_email(std::string_view text) {
  std::string out{trimmed(text)};
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

result<std::string> checked_email(std::string_view text, const std::string& field) {
  auto email = normalize_email(text);
  if (email.empty()) return invalid_field(field, "must not be empty");
  if (email.size() > max_email) return invalid_field(field, "is too long");
  const auto at = email.find('@');
  const bool shaped = at != std::string::npos && at > 0 &&
                      email.find('@', at + 1) == std::string::npos &&
                      email.find('.', at + 2) != std::string::npos && email.back() != '.';
  const bool clean = std::none_of(email.begin(), email.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20;
  });
  if (!shaped || !clean) return invalid_field(field, "must be an e-mail address");
  return email;
}

result<std::string> checked_name(std::string_view text, const std::string& field, size_t max) {
  std::string name{trimmed(text)};
  if (name.empty()) return invalid_field(field, "must not be empty");
  if (utf8_length(name) > max) {
    return invalid_field(field, "must be at most " + std::to_string(max) + " characters");
  }
  return name;
}

result<std::string> checked_role(const std::string& role) {
  if (role == "agent" || role == "supervisor" || role == "admin") return role;
  return invalid_field("role", "must be agent, supervisor or admin");
}

status checked_password(const std::string& password, const std::string& field) {
  const size_t n = utf8_length(password);
  if (n < min_password) {
    return invalid_field(field,
                         "must have at least " + std::to_string(min_password) + " characters");
  }
  if (password.size() > max_password) return invalid_field(field, "is too long");
  return ok_status();
}

password_link new_password_link() {
  password_link l;
  l.token = random_hex(32);
  l.token_hash = password_link_hash(l.token);
  return l;
}

std::string password_link_hash(const std::string& token) { return sha256_hex(token); }

std::string set_password_url(const request& req, const std::string& token) {
  std::string base = req.header("origin");
  if (base.empty() || base == "null") base = "http://" + req.header("host");
  return base + "/set-password?token=" + token;
}

void write_password_link(json_builder& j, const std::string& url) {
  j.field("set_password_url", url)
      .field("expires_in_hours", static_cast<int64_t>(storage::password_link_hours));
}

}  // namespace centralita::net
