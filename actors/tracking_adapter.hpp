#pragma once
// The tracking adapter: a detached actor that owns one tracking provider per tenant, made from
// the tenant's own AfterShip or 17TRACK account (tracking_account; the demo timeline for a
// tenant with none), and its own PostgreSQL connection. It registers shipments on request, looks
// up the numbers customers give (shipment_lookup), and refreshes the shipments on their way
// (refresh_due_shipments) when the scheduler's `shipment_refresh` job wakes it, publishing what
// changed and waking the outbox senders when a notice was queued. A slow provider holds up only
// this actor, never the other jobs.

#include <caf/all.hpp>

#include <map>
#include <memory>
#include <string>

#include "actors/account_clients.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/tracking_refresh.hpp"
#include "providers/tracking_provider.hpp"

namespace centralita::actors {

/// The directory role of the adapter.
inline constexpr const char* tracking_role = "tracking";

/// A shipment to register: answered with the shipment's id, or an error.
struct track_request {
  shipment_registration shipment;
};

/// A number a customer gave that no stored shipment matches (the autopilot asks before asking
/// the customer again): answered true when the provider tracks it (the shipment is stored now),
/// false when nobody can track it, or an error when the provider or the database did not answer.
struct shipment_lookup {
  shipment_registration shipment;
  bool may_register = false;  ///< a tracking number, which the provider may have to register
};

/// The tracking account of a tenant: its enabled AfterShip or 17TRACK account with an API key,
/// the lowest id first; null when it has none.
const account* tracking_account(const account_directory& accounts, int64_t tenant_id);

/// The adapter's providers and connection.
struct tracking_adapter_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  account_clients<providers::tracking_provider> providers;
  std::unique_ptr<providers::tracking_provider> demo;  ///< for tenants with no account
};

/// Spawn with `caf::detached`; `wake_atom` runs one refresh.
caf::behavior tracking_adapter(caf::stateful_actor<tracking_adapter_state>* self,
                               std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::track_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::shipment_lookup)
