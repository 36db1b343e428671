#include "providers/whatsapp_cloud_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

namespace centralita::providers {

namespace {

constexpr std::string_view prefix = "sha256=";

error refused(const char* why) { return make_error(errc::unauthorized, why, "invalid_signature"); }

std::string hmac_hex(std::string_view secret, std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac.data(), &len);
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string hex;
  hex.reserve(static_cast<size_t>(len) * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex += digits[mac[i] >> 4];
    hex += digits[mac[i] & 0x0f];
  }
  return hex;
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
  if (given.size() != expected.size() ||
      CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
    return refused("X-Hub-Signature-256 does not match the body");
  }
  return ok_status();
}

std::string sign_whatsapp_cloud(std::string_view body, std::string_view app_secret) {
  return std::string{prefix} + hmac_hex(app_secret, body);
}

}  // namespace centralita::providers
