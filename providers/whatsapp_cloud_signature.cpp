#include "providers/whatsapp_cloud_signature.hpp"

#include <cctype>

#include "common/crypto.hpp"

namespace centralita::providers {

namespace {

constexpr std::string_view prefix = "sha256=";

error refused(const char* why) { return make_error(errc::unauthorized, why, "invalid_signature"); }

std::string hmac_hex(std::string_view secret, std::string_view body) {
  return to_hex(hmac_sha256(secret, body));
}

}  // namespace

status verify_whatsapp_cloud_signature(std::string_view header, std::string_view body,
                                       std::string_view app_secret) {
  if (header.empty()) return refused("missing X-Hub-Signature-256");
  if (app_secret.empty()) return refused("the account has no app secret");
  if (header.substr(0, prefix.size()) != prefix) {
    return refused("X-Hub-Signature-256 must start with sha256=");
  }
  std::string given{header.substr(prefix.size())};
  for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto expected = hmac_hex(app_secret, body);
  if (!constant_time_equal(given, expected)) {
    return refused("X-Hub-Signature-256 does not match the body");
  }
  return ok_status();
}

std::string sign_whatsapp_cloud(std::string_view body, std::string_view app_secret) {
  return std::string{prefix} + hmac_hex(app_secret, body);
}

}  // namespace centralita::providers
