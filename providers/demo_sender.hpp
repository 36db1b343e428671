#pragma once
// The demo WhatsApp provider: with no Builderbot key configured, sends are "delivered" locally
// (logged, and given a generated provider id) so the whole outbox path runs end to end.

#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// Accepts every message with a number; ids are "demo-" and 16 random hex digits.
class demo_sender final : public outbound_sender {
 public:
  send_result send(const outbound_message& message) override;
  /// Accepted (logged): the demo line has no bot flows to pause.
  send_result blacklist(const std::string& number, bool add) override;
  std::string name() const override { return "demo"; }
};

}  // namespace centralita::providers
