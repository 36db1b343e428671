// Which customer replies read as a satisfaction rating, and which stay ordinary messages.
#include <catch2/catch.hpp>

#include "common/csat_rating.hpp"

using centralita::parse_csat_rating;

TEST_CASE("a short reply with one number from 1 to 5 is a rating", "[common][csat]") {
  CHECK(parse_csat_rating("5") == 5);
  CHECK(parse_csat_rating(" 1 ") == 1);
  CHECK(parse_csat_rating("5 estrellas") == 5);
  CHECK(parse_csat_rating("4 Estrellas!") == 4);
  CHECK(parse_csat_rating("3 stars") == 3);
  CHECK(parse_csat_rating("5/5") == 5);
  CHECK(parse_csat_rating("4 de 5") == 4);
  CHECK(parse_csat_rating("4 out of 5") == 4);
  CHECK(parse_csat_rating("cinco") == 5);
  CHECK(parse_csat_rating("Una estrella") == 1);
  CHECK(parse_csat_rating("le doy 5, gracias") == 5);
  CHECK(parse_csat_rating("\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90") == 4);
}

TEST_CASE("numbers out of range and ordinary messages are not ratings", "[common][csat]") {
  CHECK_FALSE(parse_csat_rating("7"));
  CHECK_FALSE(parse_csat_rating("0"));
  CHECK_FALSE(parse_csat_rating("10"));
  CHECK_FALSE(parse_csat_rating("05555"));
  CHECK_FALSE(parse_csat_rating("3 de 10"));
  CHECK_FALSE(parse_csat_rating("5 6"));
  CHECK_FALSE(parse_csat_rating("5 de"));
  CHECK_FALSE(parse_csat_rating("tengo 5 pedidos"));
  CHECK_FALSE(parse_csat_rating("hola"));
  CHECK_FALSE(parse_csat_rating(""));
  CHECK_FALSE(parse_csat_rating("estrellas"));
  CHECK_FALSE(parse_csat_rating("5 estrellas pero el paquete sigue sin llegar a mi casa"));
}
