#include "providers/tracking_signature.hpp"

#include <cctype>

#include "common/crypto.hpp"

namespace centralita::providers {

namespace {

error refused(const std::string& why) {
  return make_error(errc::unauthorized, why, "invalid_signature");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string sign_aftership(std::string_view body, std::string_view secret) {
  return base64_encode(hmac_sha256(secret, body), base64_alphabet::standard);
}

status verify_aftership_signature(std::string_view header, std::string_view body,
                                  std::string_view secret) {
  header = trim(header);
  if (header.empty()) return refused("missing aftership-hmac-sha256");
  if (secret.empty()) return refused("the account has no webhook secret");
  if (!constant_time_equal(header, sign_aftership(body, secret))) {
    return refused("aftership-hmac-sha256 does not match the body");
  }
  return ok_status();
}

std::string sign_17track(std::string_view body, std::string_view key) {
  std::string message;
  message.reserve(body.size() + 1 + key.size());
  message.append(body).append("/").append(key);
  return sha256_hex(message);
}

status verify_17track_signature(std::string_view header, std::string_view body,
                                std::string_view key) {
  header = trim(header);
  if (header.empty()) return refused("missing sign");
  if (key.empty()) return refused("the account has no webhook secret");
  std::string lower{header};
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!constant_time_equal(lower, sign_17track(body, key)))
    return refused("sign does not match the body");
  return ok_status();
}

}  // namespace centralita::providers
