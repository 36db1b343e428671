#pragma once
// Items a customer asks a quote for, read from the message by hand-written rules (like the
// other entities): "2 sillas gamer y 3 escritorios", "dos cafeteras", "cuánto cuesta la freidora
// de aire?" (one of it), "50 pcs of item SKU-123". What the rules cannot read is left for the
// agent: the caller drafts one empty line instead.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace centralita::ai {

/// One requested item: how many, of which unit (empty when none is named) and what, as
/// written: "20 cajas de tornillos" is 20 × "caja" × "tornillos".
struct quote_item {
  std::string description;  ///< the product, as written
  int64_t quantity = 1;
  std::string unit;  ///< singular, in the message's language: caja, box, kg, pieza, ...
};

/// The items of the message, in order; at most 10; empty when none can be read. Quantities in
/// digits ("20", "3x") or words ("dos", "twenty", up to thousands in round numbers).
std::vector<quote_item> extract_quote_items(std::string_view text);

/// The item as a quote line names it: "tornillos (caja)", or the description alone.
std::string line_description(const quote_item& item);

/// The item for a reply: "20 × tornillos (caja)".
std::string describe(const quote_item& item);

}  // namespace centralita::ai
