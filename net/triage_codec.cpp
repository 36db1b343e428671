#include "net/triage_codec.hpp"

#include <cmath>

namespace centralita::net {

void write_triage_fields(json_builder& j, const ai::triage_result& t) {
  j.field("category", t.category)
      .field("confidence", std::round(t.confidence * 10000.0) / 10000.0)
      .field("risk", ai::to_string(t.risk))
      .field("language", t.language)
      .key("entities")
      .begin_object();
  const auto& e = t.entities;
  for (auto [name, value] : {std::pair{"order_number", &e.order_number},
                             std::pair{"tracking_number", &e.tracking_number},
                             std::pair{"invoice_number", &e.invoice_number},
                             std::pair{"email", &e.email}, std::pair{"amount", &e.amount}}) {
    if (!value->empty()) j.field(name, *value);
  }
  j.end_object().field("rule", t.rule).field("reason", t.reason);
}

}  // namespace centralita::net
