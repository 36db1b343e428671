#include "common/json_text.hpp"

#include <catch2/catch.hpp>

TEST_CASE("json_string quotes and escapes, leaving UTF-8 as it is", "[common]") {
  using centralita::json_string;
  CHECK(json_string("hola") == "\"hola\"");
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string("l1\nl2\t\r") == "\"l1\\nl2\\t\\r\"");
  CHECK(json_string(std::string{"\x01", 1}) == "\"\\u0001\"");
  CHECK(json_string("¿dónde? 📦") == "\"¿dónde? 📦\"");
}
