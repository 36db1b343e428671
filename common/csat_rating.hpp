#pragma once
// Reading a customer's reply to the satisfaction question as a rating from 1 to 5. Only a short
// reply made of the rating and a few words around it counts ("5", "4 estrellas", "5/5",
// "cinco", "⭐⭐⭐⭐"): "tengo 5 pedidos" or "7" is an ordinary message, never a rating.

#include <optional>
#include <string_view>

namespace centralita {

/// The rating a reply gives (1..5), or nullopt when it is not a rating.
std::optional<int> parse_csat_rating(std::string_view text);

}  // namespace centralita
