#include "providers/elevenlabs_signature.hpp"

#include <charconv>

#include "common/crypto.hpp"

namespace centralita::providers {

namespace {

error refused(const char* why) { return make_error(errc::unauthorized, why, "invalid_signature"); }

std::string hmac_hex(std::string_view secret, std::string_view t, std::string_view body) {
  std::string message;
  message.reserve(t.size() + 1 + body.size());
  message.append(t).append(".").append(body);
  return to_hex(hmac_sha256(secret, message));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

status verify_elevenlabs_signature(std::string_view header, std::string_view body,
                                   std::string_view secret, int64_t now_s) {
  if (header.empty()) return refused("missing ElevenLabs-Signature");
  if (secret.empty()) return refused("the account has no webhook secret");
  std::string_view t;
  std::string_view v0;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto part = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (part.substr(0, 2) == "t=") t = part.substr(2);
    if (part.substr(0, 3) == "v0=") v0 = part.substr(3);
  }
  if (t.empty()) return refused("ElevenLabs-Signature has no timestamp");
  if (v0.empty()) return refused("ElevenLabs-Signature has no v0 hash");
  int64_t ts = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), ts);
  if (ec != std::errc{} || end != t.data() + t.size()) {
    return refused("ElevenLabs-Signature timestamp is not a number");
  }
  if (ts < now_s - signature_max_age_s) return refused("ElevenLabs-Signature is too old");
  if (ts > now_s + signature_max_skew_s) return refused("ElevenLabs-Signature is in the future");
  auto expected = hmac_hex(secret, t, body);
  if (!constant_time_equal(v0, expected)) {
    return refused("ElevenLabs-Signature does not match the body");
  }
  return ok_status();
}

std::string sign_elevenlabs(std::string_view body, std::string_view secret, int64_t t) {
  auto ts = std::to_string(t);
  return "t=" + ts + ",v0=" + hmac_hex(secret, ts, body);
}

}  // namespace centralita::providers
