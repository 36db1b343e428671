#include "providers/tracking_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cctype>

#include "common/ids.hpp"

namespace centralita::providers {

namespace {

error refused(const std::string& why) {
  return make_error(errc::unauthorized, why, "invalid_signature");
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string sign_aftership(std::string_view body, std::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac.data(), &len);
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> out{};
  int n = EVP_EncodeBlock(out.data(), mac.data(), static_cast<int>(len));
  return {reinterpret_cast<const char*>(out.data()), static_cast<size_t>(n)};
}

status verify_aftership_signature(std::string_view header, std::string_view body,
                                  std::string_view secret) {
  header = trim(header);
  if (header.empty()) return refused("missing aftership-hmac-sha256");
  if (secret.empty()) return refused("the account has no webhook secret");
  if (!same(header, sign_aftership(body, secret))) {
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
  if (!same(lower, sign_17track(body, key))) return refused("sign does not match the body");
  return ok_status();
}

}  // namespace centralita::providers
