#pragma once
// The provider clients an actor builds from its tenants' channel accounts (the outbox senders'
// senders, the tracking adapter's tracking providers): one per account, built on first use and
// again when the account's credentials change (its fingerprint), never shared across accounts.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "actors/account_directory.hpp"

namespace centralita::actors {

/// Clients of type `Client` by channel account id.
template <class Client>
class account_clients {
 public:
  /// The client of `a`; `build()` makes a new one when there is none or `a`'s credentials
  /// changed since it was built. Null when `build()` made none (a provider with no client).
  template <class Build>
  Client* of(const account& a, Build build) {
    auto& slot = slots_[a.id];
    if (!slot.client || slot.fingerprint != a.fingerprint) {
      slot.client = build();
      slot.fingerprint = a.fingerprint;
    }
    return slot.client.get();
  }

 private:
  struct slot {
    std::string fingerprint;  ///< of the credentials the client was built from
    std::unique_ptr<Client> client;
  };
  std::map<int64_t, slot> slots_;
};

}  // namespace centralita::actors
