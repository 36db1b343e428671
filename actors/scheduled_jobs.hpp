#pragma once
// The node's scheduled jobs, one line each in node_jobs(). A job is a plain function of a
// connection and the time of the run, so tests call it with any `now`.

#include <caf/fwd.hpp>

#include <memory>
#include <vector>

#include "actors/context.hpp"
#include "actors/scheduler.hpp"
#include "storage/sla_repo.hpp"

namespace centralita::actors {

/// The SLA check (storage::check_sla), then one live `sla.breached` event per new breach (and
/// `ticket.updated` for a ticket, whose priority went up) to `bus`, when there is one.
result<size_t> run_sla_check(storage::pg_connection& db, storage::sys_time now,
                             const caf::actor& bus);

/// The live event data of a breach.
std::string breach_event_json(const storage::sla_breach& b);

/// How long a node's cluster_nodes row says it is alive (renewed every 2 s by the
/// node_heartbeat job): a node that stops renewing has its queued events taken over by the
/// orphaned_events job of another node within this plus 2 s.
inline constexpr int node_alive_s = 6;

/// Renews this node's cluster_nodes row for node_alive_s and, with CENTRALITA_CLUSTER_PACING,
/// keeps the count of nodes alive in `ctx.cluster_nodes` for the pacers.
status renew_heartbeat(storage::pg_connection& db, node_context& ctx);

/// How often the tracking adapter is asked to refresh shipments, and tenants to stop idle
/// conversation actors.
std::chrono::milliseconds shipment_refresh_period(const config::settings& s);
std::chrono::milliseconds passivation_period(const config::settings& s);

/// Every job of the node: sla_check (30 s), payload_retention (1 h), stuck_events (60 s),
/// outbox_wake (30 s; the senders also sweep on their own timer), shipment_refresh (wakes the
/// tracking adapter) and passivation (the dispatcher passes it to every tenant actor).
std::vector<scheduled_job> node_jobs(std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
