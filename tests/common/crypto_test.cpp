#include <catch2/catch.hpp>

#include "common/crypto.hpp"

using namespace centralita;

namespace {
std::string hex_hmac(const std::string& key, const std::string& data) {
  return to_hex(hmac_sha256(key, data));
}
}  // namespace

// RFC 4231 §4: test cases 1, 2, 3 and 6 (a key longer than the block is hashed first).
TEST_CASE("HMAC-SHA256 matches the RFC 4231 vectors", "[crypto]") {
  CHECK(hex_hmac(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hex_hmac("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hex_hmac(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  CHECK(hex_hmac(std::string(131, '\xaa'),
                 "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("SHA-256 matches the FIPS 180-2 vectors", "[crypto]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// RFC 4648 §10, in both alphabets.
TEST_CASE("base64 matches the RFC 4648 vectors and reads only canonical text", "[crypto]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    CHECK(base64_encode(plain, base64_alphabet::standard) == encoded);
    CHECK(base64_decode(encoded, base64_alphabet::standard).value() == plain);
    std::string unpadded{encoded};
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    CHECK(base64_encode(plain, base64_alphabet::url_unpadded) == unpadded);
    CHECK(base64_decode(unpadded, base64_alphabet::url_unpadded).value() == plain);
    CHECK(base64_decode(unpadded, base64_alphabet::standard).value() == plain);
  }
  CHECK(base64_encode("\xfb\xff", base64_alphabet::standard) == "+/8=");
  CHECK(base64_encode("\xfb\xff", base64_alphabet::url_unpadded) == "-_8");
  CHECK_FALSE(base64_decode("Zm9v=", base64_alphabet::standard));     // padding where none stands
  CHECK_FALSE(base64_decode("Zg===", base64_alphabet::standard));     // three '='
  CHECK_FALSE(base64_decode("Zh==", base64_alphabet::standard));      // unused bits set
  CHECK_FALSE(base64_decode("a*bc", base64_alphabet::standard));      // outside the alphabet
  CHECK_FALSE(base64_decode("Zm9v\n", base64_alphabet::standard));    // anything after
  CHECK_FALSE(base64_decode("Zg==", base64_alphabet::url_unpadded));  // padding in base64url
  CHECK_FALSE(base64_decode("+/8", base64_alphabet::url_unpadded));   // the other alphabet
  CHECK_FALSE(base64_decode("A", base64_alphabet::url_unpadded));     // a length no bytes have
}

TEST_CASE("hex, random bytes and constant-time comparison", "[crypto]") {
  CHECK(to_hex(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
  CHECK(random_bytes(32).size() == 32);
  CHECK(random_bytes(32) != random_bytes(32));
  CHECK(constant_time_equal("secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secreT"));
  CHECK_FALSE(constant_time_equal("secret", "secret!"));
  CHECK(constant_time_equal("", ""));
}
