#include "actors/scheduled_jobs.hpp"

#include <caf/all.hpp>

#include "actors/event_bus.hpp"
#include "actors/housekeeper.hpp"
#include "actors/outbox_sender.hpp"
#include "common/json_text.hpp"
#include "common/log.hpp"
#include "storage/retention.hpp"

namespace centralita::actors {

namespace {
using std::chrono::hours;
using std::chrono::seconds;
// Stuck events: those accepted this long ago and still not processed are re-dispatched.
constexpr int stuck_event_age_s = 120;
}  // namespace

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

std::vector<scheduled_job> node_jobs(std::shared_ptr<node_context> ctx) {
  std::vector<scheduled_job> jobs;
  jobs.push_back(make_job("sla_check", seconds(30), [ctx](auto& db, auto now) {
    return run_sla_check(db, now, ctx->handles.get(events_role, 0));
  }));
  jobs.push_back(make_job("payload_retention", hours(1), [ctx](auto& db, auto now) {
    return storage::strip_old_payloads(db, now, ctx->settings.retention_days);
  }));
  jobs.push_back(make_job("stuck_events", seconds(60), [ctx](auto& db, auto) {
    auto n =
        redispatch_unprocessed(db, *ctx, ctx->handles.get(dispatcher_role, 0), stuck_event_age_s);
    if (n && *n > 0) log::warn("scheduler: re-dispatched {} stuck events", *n);
    return n;
  }));
  jobs.push_back(make_job("outbox_wake", seconds(30), [ctx](auto&, auto) {
    wake_outbox_senders(*ctx);
    return ok_status();
  }));
  return jobs;
}

}  // namespace centralita::actors
