// net/jwt on its own: HS256 signing and every way a token must be refused.
#include "net/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <catch2/catch.hpp>

using namespace centralita;
using namespace centralita::net;

namespace {

constexpr const char* secret = "test_secret_0123456789abcdef";
constexpr int64_t now = 1'800'000'000;

principal agent() {
  principal p;
  p.user_id = 42;
  p.tenant_id = 7;
  p.role = "agent";
  p.email = "agent@demo.com";
  return p;
}

std::string part(const std::string& token, int n) {
  size_t start = 0;
  for (int i = 0; i < n; ++i) start = token.find('.', start) + 1;
  auto end = token.find('.', start);
  return token.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// A token with any header and claims, correctly signed: for claims the verifier must refuse.
std::string sign_raw(const std::string& header, const std::string& claims) {
  auto input = base64url_encode(header) + "." + base64url_encode(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret, static_cast<int>(std::char_traits<char>::length(secret)),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + base64url_encode(std::string{reinterpret_cast<char*>(mac), len});
}

void refused(const result<principal>& r, const std::string& why) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == errc::unauthorized);
  CHECK(r.error().message.find(why) != std::string::npos);
}

}  // namespace

TEST_CASE("a signed token verifies and carries its claims", "[net][jwt]") {
  auto token = sign_jwt(agent(), secret, now, 3600);
  auto who = verify_jwt(token, secret, now + 10);
  REQUIRE(who.ok());
  CHECK(who->user_id == 42);
  CHECK(who->tenant_id == 7);
  CHECK(who->role == "agent");
  CHECK(who->email == "agent@demo.com");
  CHECK(who->expires_at == now + 3600);
  CHECK(*base64url_decode(part(token, 0)) == R"({"alg":"HS256","typ":"JWT"})");
}

TEST_CASE("a token with a changed payload is refused", "[net][jwt]") {
  auto token = sign_jwt(agent(), secret, now, 3600);
  auto claims = *base64url_decode(part(token, 1));
  auto admin = claims.replace(claims.find("\"agent\""), 7, "\"admin\"");
  auto forged = part(token, 0) + "." + base64url_encode(admin) + "." + part(token, 2);
  refused(verify_jwt(forged, secret, now), "bad signature");
  auto other_tenant = sign_jwt(principal{42, 8, "agent", "agent@demo.com", 0}, secret, now, 3600);
  auto spliced = part(token, 0) + "." + part(other_tenant, 1) + "." + part(token, 2);
  refused(verify_jwt(spliced, secret, now), "bad signature");
}

TEST_CASE("a token signed with another secret is refused", "[net][jwt]") {
  auto token = sign_jwt(agent(), "another_secret_0123456789", now, 3600);
  refused(verify_jwt(token, secret, now), "bad signature");
}

TEST_CASE("alg none and other algorithms are refused", "[net][jwt]") {
  auto token = sign_jwt(agent(), secret, now, 3600);
  auto none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + part(token, 1) + ".";
  refused(verify_jwt(none, secret, now), "unsupported algorithm");
  auto none_signed =
      base64url_encode(R"({"alg":"none"})") + "." + part(token, 1) + "." + part(token, 2);
  refused(verify_jwt(none_signed, secret, now), "unsupported algorithm");
  auto hs512 = base64url_encode(R"({"alg":"HS512"})") + "." + part(token, 1) + "." + part(token, 2);
  refused(verify_jwt(hs512, secret, now), "unsupported algorithm");
}

TEST_CASE("an expired token is refused, one second before it is not", "[net][jwt]") {
  auto token = sign_jwt(agent(), secret, now, 3600);
  CHECK(verify_jwt(token, secret, now + 3599).ok());
  refused(verify_jwt(token, secret, now + 3600), "expired");
  refused(verify_jwt(token, secret, now + 100000), "expired");
}

TEST_CASE("malformed tokens are refused without crashing", "[net][jwt]") {
  for (const char* bad : {"", ".", "..", "a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9.e30.x",
                          "!!!.e30.x", "eyJhbGciOiJIUzI1NiJ9.!!!.x", "e30.e30.e30"}) {
    CAPTURE(bad);
    CHECK_FALSE(verify_jwt(bad, secret, now).ok());
  }
  // Signed correctly, but the claims are missing, of the wrong type or not an object.
  const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";
  CHECK(verify_jwt(sign_raw(hs256, R"({"sub":"1","tid":1,"role":"agent","exp":9999999999})"),
                   secret, now)
            .ok());
  for (const char* claims :
       {"{}", "[]", "not json", R"({"sub":1,"tid":1,"role":"agent","exp":9999999999})",
        R"({"sub":"1","tid":"1","role":"agent","exp":9999999999})",
        R"({"sub":"1","tid":1,"role":"root","exp":9999999999})",
        R"({"sub":"1","tid":1,"role":"agent"})",
        R"({"sub":"x","tid":1,"role":"agent","exp":9999999999})",
        R"({"sub":"1","tid":0,"role":"agent","exp":9999999999})"}) {
    CAPTURE(claims);
    CHECK_FALSE(verify_jwt(sign_raw(hs256, claims), secret, now).ok());
  }
}

TEST_CASE("base64url round-trips every byte", "[net][jwt]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t n : {0, 1, 2, 3, 4, 255, 256}) {
    auto text = base64url_encode(bytes.substr(0, n));
    CHECK(text.find_first_of("+/=") == std::string::npos);
    CHECK(*base64url_decode(text) == bytes.substr(0, n));
  }
}

TEST_CASE("a token verifies only in its canonical spelling", "[net][jwt]") {
  auto token = sign_jwt(agent(), secret, now, 3600);
  REQUIRE(verify_jwt(token, secret, now).ok());
  // 32 signature bytes are 43 characters; the last one carries 4 bits and 2 unused ones.
  const char last = token.back();
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const auto value = alphabet.find(last);
  REQUIRE(value != std::string::npos);
  for (size_t unused = 1; unused < 4; ++unused) {
    std::string twin = token;
    twin.back() = alphabet[(value & ~size_t{3}) | ((value + unused) & 3)];
    CAPTURE(twin.back());
    refused(verify_jwt(twin, secret, now), "bad base64url");
  }
  refused(verify_jwt(token + "=", secret, now), "bad base64url");
  CHECK_FALSE(base64url_decode("A").ok());  // a length no bytes have
}

TEST_CASE("claims nested past the JSON depth limit are refused without crashing", "[net][jwt]") {
  const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";
  std::string deep = R"({"sub":"1","tid":1,"role":"agent","exp":9999999999,"x":)" +
                     std::string(100000, '[') + std::string(100000, ']') + "}";
  refused(verify_jwt(sign_raw(hs256, deep), secret, now), "bad claims");
}
