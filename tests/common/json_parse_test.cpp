#include "common/json_parse.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace centralita;

TEST_CASE("a lone surrogate escape is refused: it would decode to bytes that are not UTF-8",
          "[common][json]") {
  // Found by fuzzing: RapidJSON decodes "\udc00" to the surrogate's own bytes (ED B0 80), so a
  // valid body carried invalid UTF-8 into fields that PostgreSQL then refuses.
  rapidjson::Document doc;
  auto lone = parse_json(doc, R"("\udc00")");
  REQUIRE_FALSE(lone);
  CHECK(lone.error().code == errc::invalid_input);
  CHECK(lone.error().detail == "invalid_field");
  auto in_member = parse_json(doc, R"({"data":{"body":"hola \udfff"}})");
  REQUIRE_FALSE(in_member);
  CHECK(in_member.error().message.find("data.body") == 0);
  CHECK(in_member.error().message.find("UTF-8") != std::string::npos);
  CHECK_FALSE(parse_json(doc, R"({"\udc80":1})"));
  // A pair, and characters escaped or not, are fine.
  REQUIRE(parse_json(doc, R"({"e":"\ud83d\ude00 \u00e9 é"})"));
  CHECK(std::string{doc["e"].GetString()} == "\xF0\x9F\x98\x80 \xC3\xA9 \xC3\xA9");
}

TEST_CASE("control characters are still refused, naming the member", "[common][json]") {
  rapidjson::Document doc;
  auto e = parse_json(doc, R"({"a":["x","\u0001"]})");
  REQUIRE_FALSE(e);
  CHECK(e.error().message == "a[1] contains a control character");
}

TEST_CASE("a number RapidJSON would read as infinity is refused", "[common][json]") {
  // Found by fuzzing: a long significand with a large exponent parsed as infinity, which a JSON
  // writer cannot write back (a payload rewritten from it was no longer JSON).
  rapidjson::Document doc;
  auto e = parse_json(doc, R"({"location":{"latitude":4444444444400000001770661011e298}})");
  REQUIRE_FALSE(e);
  CHECK(e.error().detail == "invalid_field");
  CHECK(e.error().message == "location.latitude is a number out of range");
  CHECK_FALSE(parse_json(doc, "[-4444444444400000001770661011e298]"));
  CHECK(parse_json(doc, "[1e308,-1.7976931348623157e308,1e-400]"));
}
