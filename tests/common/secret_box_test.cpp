#include <catch2/catch.hpp>

#include "common/secret_box.hpp"

using namespace centralita;

namespace {
secret_key key(const std::string& text) {
  auto k = parse_secret_key(text);
  REQUIRE(k);
  return *k;
}
const std::string hex_a(64, 'a');
const std::string hex_b(64, 'b');
}  // namespace

TEST_CASE("secret keys parse from hex and base64 of 32 bytes only", "[secret_box]") {
  CHECK(parse_secret_key(hex_a));
  CHECK(parse_secret_key("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo="));  // 32 x 0xaa
  CHECK(parse_secret_key("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo"));
  CHECK(parse_secret_key(hex_a)->id ==
        parse_secret_key("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo=")->id);
  auto short_key = parse_secret_key("abcd");
  REQUIRE_FALSE(short_key);
  CHECK(short_key.error().message.find("abcd") == std::string::npos);
  CHECK_FALSE(parse_secret_key(std::string(62, 'a')));
  CHECK(parse_secret_key(generate_secret_key_text()));
}

TEST_CASE("a sealed secret opens with its key and context and hides the plaintext",
          "[secret_box]") {
  keyring ring{key(hex_a)};
  auto sealed = ring.seal("barsBuilderbotKey_7f3a91c2e4", "builderbot_main");
  CHECK(sealed.find("barsBuilderbotKey") == std::string::npos);
  CHECK(sealed.rfind("v1." + ring.current_id() + ".", 0) == 0);
  CHECK(ring.seal("x", "c") != ring.seal("x", "c"));  // a fresh nonce each time
  auto opened = ring.open(sealed, "builderbot_main");
  REQUIRE(opened);
  CHECK(*opened == "barsBuilderbotKey_7f3a91c2e4");
  CHECK_FALSE(ring.open(sealed, "another_account"));
  auto tampered = sealed;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(ring.open(tampered, "builderbot_main"));
  CHECK_FALSE(ring.open("plaintext", "builderbot_main"));
}

TEST_CASE("a keyring with the previous key opens old values and seals with the new one",
          "[secret_box]") {
  keyring old_ring{key(hex_a)};
  auto sealed = old_ring.seal("s3cret-value-123", "ctx");
  keyring new_only{key(hex_b)};
  auto refused = new_only.open(sealed, "ctx");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().detail == "unknown_secret_key");
  keyring rotating{key(hex_b), {key(hex_a)}};
  CHECK_FALSE(rotating.is_current(sealed));
  REQUIRE(rotating.open(sealed, "ctx"));
  auto resealed = rotating.seal(*rotating.open(sealed, "ctx"), "ctx");
  CHECK(rotating.is_current(resealed));
  CHECK(*new_only.open(resealed, "ctx") == "s3cret-value-123");
}

TEST_CASE("hints show only the last 4 characters of a long secret", "[secret_box]") {
  CHECK(secret_hint("abcdefghij1234") == "1234");
  CHECK(secret_hint("short") == "");
}
