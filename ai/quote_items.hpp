#pragma once
// Items a customer asks a quote for, read from the message by hand-written rules (like the
// other entities): "2 sillas gamer y 3 escritorios", "dos cafeteras", "cuánto cuesta la freidora
// de aire?" (one of it). What the rules cannot read is left for the agent: the caller drafts one
// empty line instead.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace centralita::ai {

/// One requested item: what (as written) and how many.
struct quote_item {
  std::string description;
  int64_t quantity = 1;
};

/// The items of the message, in order; at most 10; empty when none can be read.
std::vector<quote_item> extract_quote_items(std::string_view text);

}  // namespace centralita::ai
