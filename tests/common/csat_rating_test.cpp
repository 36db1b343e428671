// Which customer replies read as a satisfaction rating, and which stay ordinary messages.
#include <catch2/catch.hpp>

#include <utility>

#include "common/csat_rating.hpp"

using centralita::parse_csat_rating;

TEST_CASE("a short reply with one number from 1 to 5 is a rating", "[common][csat]") {
  const std::pair<const char*, int> ratings[] = {
      {"5", 5},
      {" 1 ", 1},
      {"5 estrellas", 5},
      {"4 Estrellas!", 4},
      {"3 stars", 3},
      {"5/5", 5},
      {"4 de 5", 4},
      {"4 out of 5", 4},
      {"cinco", 5},
      {"Una estrella", 1},
      {"le doy 5, gracias", 5},
      {"\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90", 4}};
  for (const auto& [text, rating] : ratings) {
    CAPTURE(text);
    CHECK(parse_csat_rating(text) == rating);
  }
}

TEST_CASE("numbers out of range and ordinary messages are not ratings", "[common][csat]") {
  for (const char* text :
       {"7", "0", "10", "05555", "3 de 10", "5 6", "5 de", "tengo 5 pedidos", "hola", "",
        "estrellas", "5 estrellas pero el paquete sigue sin llegar a mi casa"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_csat_rating(text));
  }
}
