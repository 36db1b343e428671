#include "common/password.hpp"

#include <catch2/catch.hpp>

using centralita::hash_password;
using centralita::verify_password;

TEST_CASE("a password hash verifies the password and nothing else", "[storage][password]") {
  const auto hash = hash_password("admin123");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("admin123") == std::string::npos);
  CHECK(verify_password(hash, "admin123"));
  CHECK_FALSE(verify_password(hash, "admin124"));
  CHECK_FALSE(verify_password(hash, ""));
}

TEST_CASE("two hashes of one password differ by their salt", "[storage][password]") {
  const auto a = hash_password("secreto");
  const auto b = hash_password("secreto");
  CHECK(a != b);
  CHECK(verify_password(a, "secreto"));
  CHECK(verify_password(b, "secreto"));
}

TEST_CASE("a malformed hash verifies nothing", "[storage][password]") {
  CHECK_FALSE(verify_password("", "admin123"));
  CHECK_FALSE(verify_password("admin123", "admin123"));
  CHECK_FALSE(verify_password("$argon2id$v=19$m=65536,t=2,p=1$garbage", "admin123"));
  CHECK_FALSE(verify_password(std::string(1000, 'x'), "admin123"));
}

TEST_CASE("passwords with any bytes hash and verify", "[storage][password]") {
  const std::string odd = std::string("contraseña\0con nulo", 19) + "🔑";
  const auto hash = hash_password(odd);
  CHECK(verify_password(hash, odd));
  CHECK_FALSE(verify_password(hash, "contraseña"));
}
