#include "actors/scheduled_jobs.hpp"

#include <caf/all.hpp>

#include "actors/event_bus.hpp"
#include "actors/housekeeper.hpp"
#include "actors/messages.hpp"
#include "actors/outbox_sender.hpp"
#include "actors/template_sync.hpp"
#include "actors/tracking_adapter.hpp"
#include "common/json_text.hpp"
#include "common/log.hpp"
#include "storage/cluster_node_repo.hpp"
#include "storage/retention.hpp"

namespace centralita::actors {

namespace {
using std::chrono::hours;
using std::chrono::seconds;
// Stuck events: those accepted this long ago and still not processed are re-dispatched.
constexpr int stuck_event_age_s = 120;
// A node renews its cluster_nodes row this often (for node_alive_s).
constexpr auto node_heartbeat_period = std::chrono::seconds(2);

// Jobs whose work belongs to another actor send it a message: the job fails when that actor is
// not running.
template <class Atom>
status tell(const node_context& ctx, const char* role, Atom atom) {
  auto target = ctx.handles.get(role, 0);
  if (!target) return make_error(errc::unavailable, std::string{role} + " is not running");
  caf::anon_send(target, atom);
  return ok_status();
}
}  // namespace

std::chrono::milliseconds shipment_refresh_period(const config::settings& s) {
  // At most every minute, more often when shipments are refreshed more often than that.
  return seconds(std::clamp(s.tracking_refresh_s, 1, 60));
}

std::chrono::milliseconds passivation_period(const config::settings& s) {
  // Half the idle time, so an actor stops between one and one and a half idle times.
  return std::chrono::milliseconds(std::clamp(s.conversation_idle_s * 1000 / 2, 100, 30000));
}

std::string breach_event_json(const storage::sla_breach& b) {
  std::string out =
      "{\"id\":" + std::to_string(b.id) + ",\"entity_type\":" + json_string(b.entity_type) +
      ",\"entity_id\":" + std::to_string(b.entity_id) + ",\"kind\":" + json_string(b.kind) +
      ",\"due_at\":" + json_string(b.due_at) + ",\"breached_at\":" + json_string(b.breached_at);
  if (b.priority_after) out += ",\"priority\":" + json_string(*b.priority_after);
  return out + "}";
}

result<size_t> run_sla_check(storage::pg_connection& db, storage::sys_time now,
                             const caf::actor& bus) {
  auto breaches = storage::check_sla(db, now);
  if (!breaches) return breaches.error();
  for (const auto& b : *breaches) {
    log::info("sla: {} {} breached its {} due time {}", b.entity_type, b.entity_id, b.kind,
              b.due_at);
    if (!bus) continue;
    caf::anon_send(bus, live_event{b.tenant_id, "sla.breached", breach_event_json(b)});
    if (b.entity_type == "ticket") {
      caf::anon_send(bus, live_event{b.tenant_id, "ticket.updated",
                                     "{\"id\":" + std::to_string(b.entity_id) + "}"});
    }
  }
  return breaches->size();
}

status renew_heartbeat(storage::pg_connection& db, node_context& ctx) {
  auto nodes = storage::cluster_node_repo{db}.heartbeat(ctx.node_id, node_alive_s);
  if (!nodes) return nodes.error();
  if (ctx.settings.cluster_pacing) ctx.cluster_nodes = *nodes;
  return ok_status();
}

std::vector<scheduled_job> node_jobs(std::shared_ptr<node_context> ctx) {
  std::vector<scheduled_job> jobs;
  // The cluster's work runs on one node per period; the node's own (waking its actors) on each.
  jobs.push_back(once_per_cluster(make_job("sla_check", seconds(30), [ctx](auto& db, auto now) {
    return run_sla_check(db, now, ctx->handles.get(events_role, 0));
  })));
  jobs.push_back(
      once_per_cluster(make_job("payload_retention", hours(1), [ctx](auto& db, auto now) {
        return storage::strip_old_payloads(db, now, ctx->settings.retention_days);
      })));
  jobs.push_back(once_per_cluster(make_job("stuck_events", seconds(60), [ctx](auto& db, auto) {
    auto n =
        redispatch_unprocessed(db, *ctx, ctx->handles.get(dispatcher_role, 0), stuck_event_age_s);
    if (n && *n > 0) log::warn("scheduler: re-dispatched {} stuck events", *n);
    return n;
  })));
  jobs.push_back(make_job("node_heartbeat", node_heartbeat_period,
                          [ctx](auto& db, auto) { return renew_heartbeat(db, *ctx); }));
  jobs.push_back(
      once_per_cluster(make_job("orphaned_events", node_heartbeat_period, [ctx](auto& db, auto) {
        auto n = redispatch_orphaned(db, *ctx, ctx->handles.get(dispatcher_role, 0));
        if (n && *n > 0) log::warn("scheduler: took over {} events of a node that stopped", *n);
        return n;
      })));
  jobs.push_back(make_job("outbox_wake", seconds(30), [ctx](auto&, auto) {
    wake_outbox_senders(*ctx);
    return ok_status();
  }));
  jobs.push_back(
      make_job("shipment_refresh", shipment_refresh_period(ctx->settings),
               [ctx](auto&, auto) { return tell(*ctx, tracking_role, wake_atom::value); }));
  jobs.push_back(make_job("passivation", passivation_period(ctx->settings), [ctx](auto&, auto) {
    return tell(*ctx, dispatcher_role, idle_atom::value);
  }));
  // Checked every minute, synced at the first check (start-up) and then every
  // CENTRALITA_TEMPLATE_SYNC_S.
  auto synced_at = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
  jobs.push_back(make_job("template_sync", seconds(60), [ctx, synced_at](auto& db, auto) {
    auto now = std::chrono::steady_clock::now();
    if (*synced_at && now - **synced_at < seconds(ctx->settings.template_sync_s)) {
      return ok_status();
    }
    *synced_at = now;
    auto r = sync_templates(db, ctx->settings, *ctx->accounts.get(), std::nullopt);
    if (!r) return status{r.error()};
    return ok_status();
  }));
  return jobs;
}

}  // namespace centralita::actors
