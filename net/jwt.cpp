#include "net/jwt.hpp"

#include <rapidjson/document.h>

#include "common/crypto.hpp"
#include "common/json_parse.hpp"
#include "net/json_reply.hpp"

namespace centralita::net {

namespace {

constexpr const char* header_json = R"({"alg":"HS256","typ":"JWT"})";

error unauthorized(const std::string& why) {
  return make_error(errc::unauthorized, "invalid token: " + why, "invalid_token");
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  return base64_encode(bytes, base64_alphabet::url_unpadded);
}

// Only the canonical form, as libsodium decodes it: no padding, no other characters, and the
// unused bits of the last character zero, so that one token has exactly one spelling.
result<std::string> base64url_decode(std::string_view text) {
  auto bytes = base64_decode(text, base64_alphabet::url_unpadded);
  if (!bytes) return unauthorized("bad base64url");
  return std::move(*bytes);
}

bool known_role(std::string_view role) {
  return role == "agent" || role == "supervisor" || role == "admin" || role == "platform";
}

std::string sign_jwt(const principal& who, std::string_view secret, int64_t now_s, int64_t ttl_s) {
  std::string claims =
      "{\"sub\":\"" + std::to_string(who.user_id) + "\",\"tid\":" + std::to_string(who.tenant_id) +
      ",\"role\":" + json_string(who.role) + ",\"email\":" + json_string(who.email) +
      ",\"ver\":" + std::to_string(who.token_version) + ",\"iat\":" + std::to_string(now_s) +
      ",\"exp\":" + std::to_string(now_s + ttl_s) + "}";
  std::string signing_input = base64url_encode(header_json) + "." + base64url_encode(claims);
  return signing_input + "." + base64url_encode(hmac_sha256(secret, signing_input));
}

result<principal> verify_jwt(std::string_view token, std::string_view secret, int64_t now_s) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return unauthorized("malformed");
  }
  auto header = base64url_decode(token.substr(0, first));
  if (!header) return header.error();
  rapidjson::Document h;
  if (!parse_json(h, *header) || !h.IsObject() || !h.HasMember("alg") || !h["alg"].IsString() ||
      std::string_view{h["alg"].GetString()} != "HS256") {
    return unauthorized("unsupported algorithm");
  }
  auto signature = base64url_decode(token.substr(second + 1));
  if (!signature) return signature.error();
  auto expected = hmac_sha256(secret, token.substr(0, second));
  if (!constant_time_equal(*signature, expected)) return unauthorized("bad signature");

  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return payload.error();
  rapidjson::Document p;
  if (!parse_json(p, *payload) || !p.IsObject()) return unauthorized("bad claims");
  auto str = [&](const char* k) { return p.HasMember(k) && p[k].IsString(); };
  auto num = [&](const char* k) { return p.HasMember(k) && p[k].IsInt64(); };
  if (!str("sub") || !num("tid") || !str("role") || !num("exp")) return unauthorized("bad claims");
  principal who;
  who.user_id = std::strtoll(p["sub"].GetString(), nullptr, 10);
  who.tenant_id = p["tid"].GetInt64();
  who.role = p["role"].GetString();
  who.email = str("email") ? p["email"].GetString() : "";
  who.expires_at = p["exp"].GetInt64();
  // Tokens signed before versions existed carry none: version 0, what every user started with.
  if (p.HasMember("ver")) {
    if (!num("ver") || p["ver"].GetInt64() < 0) return unauthorized("bad claims");
    who.token_version = p["ver"].GetInt64();
  }
  // Only this server signs, but a token naming no real id must still not pass as user 0.
  if (who.user_id <= 0 || who.tenant_id <= 0) return unauthorized("bad claims");
  if (who.expires_at <= now_s) return unauthorized("expired");
  if (!known_role(who.role)) return unauthorized("bad role");
  return who;
}

}  // namespace centralita::net
