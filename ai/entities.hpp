#pragma once
// Entity extraction for triage: order, tracking and invoice numbers, e-mail addresses and
// amounts of money, found by hand-written scanners (no regex engine on the hot path).

#include <string>
#include <string_view>

namespace centralita::ai {

/// What a message names; an empty string when it names nothing of that kind.
struct triage_entities {
  std::string order_number;     ///< "12345", "A-7781" (after pedido/orden/order/compra/#)
  std::string tracking_number;  ///< "CS1001", "1Z…", "RR123456789MX" or after guía/tracking
  std::string invoice_number;   ///< "F-2024-001", "FAC-123" or after factura/invoice/bill
  std::string email;            ///< "ana@example.com"
  std::string amount;           ///< "$1,250.50 MXN", "300 USD", "€1" as written
};

/// Finds the first entity of each kind in the raw (unfolded) UTF-8 text.
triage_entities extract_entities(std::string_view text);

}  // namespace centralita::ai

namespace centralita::ai {

/// The first amount of money in the text as written: a number with a currency sign before it
/// ("$1,250.50", "€1") or a currency word after it ("300 USD", "500 pesos", "20 dlls"); a
/// trailing currency code is kept ("$1,250.50 MXN"). Empty when there is none.
std::string find_amount(std::string_view text);

}  // namespace centralita::ai
