#include "actors/tracking_events.hpp"

#include "common/json_text.hpp"
#include "common/log.hpp"
#include "providers/aftership_tracking.hpp"
#include "providers/seventeentrack_tracking.hpp"

namespace centralita::actors {

bool is_tracking_provider(const std::string& provider) {
  return provider == "aftership" || provider == "17track";
}

storage::shipment_update shipment_update_from(int64_t tenant_id, const std::string& provider,
                                              const providers::tracking_info& info) {
  storage::shipment_update u;
  u.tenant_id = tenant_id;
  u.provider = provider;
  u.tracking_number = info.tracking_number;
  u.carrier = info.carrier;
  u.provider_ref = info.provider_ref;
  // A tracking just registered says Pending with nothing to show: no news, not a step back.
  const bool no_news = info.status == "Pending" && info.checkpoints.empty();
  u.status = no_news ? std::string{} : info.status;
  u.status_at = info.status_at;
  u.order_number = info.order_number;
  u.phone = info.phone;
  u.eta = info.eta;
  for (const auto& c : info.checkpoints) {
    u.checkpoints.push_back({c.occurred_at, c.status, c.location, c.description});
  }
  return u;
}

void announce_shipment(int64_t tenant_id, const storage::applied_shipment& applied,
                       std::vector<live_event>& announce) {
  if (applied.changed) announce.push_back({tenant_id, "shipment.updated", applied.shipment_json});
  if (applied.notice_message_id && applied.conversation_id) {
    announce.push_back({tenant_id, "message.created",
                        "{\"id\":" + std::to_string(*applied.notice_message_id) +
                            ",\"conversation_id\":" + std::to_string(*applied.conversation_id) +
                            ",\"direction\":\"out\",\"sender_type\":\"bot\",\"status\":\"queued\","
                            "\"text\":" +
                            json_string(applied.notice_text) + "}"});
  }
}

status store_tracking_event(storage::pg_connection& db, const storage::pending_event& ev,
                            std::vector<live_event>& announce, bool& queued_notice) {
  providers::tracking_info info;
  if (ev.provider == "aftership") {
    auto w = providers::parse_aftership_webhook(ev.payload);
    if (!w || !w->applies) return make_error(errc::invalid_input, "payload cannot be read");
    info = std::move(w->info);
  } else {
    auto w = providers::parse_17track_webhook(ev.payload);
    if (!w || !w->applies) return make_error(errc::invalid_input, "payload cannot be read");
    info = std::move(w->info);
  }
  auto update = shipment_update_from(ev.tenant_id, ev.provider, info);
  update.event_id = ev.event_id;
  auto applied = storage::shipment_repo{db}.apply(update);
  if (!applied) return applied.error();
  if (!applied->applied) return ok_status();
  log::info("tracking: event {} updated shipment {} ({} -> {}, {} new checkpoints)", ev.event_id,
            applied->shipment_id, applied->previous_status, applied->status,
            applied->new_checkpoints);
  announce_shipment(ev.tenant_id, *applied, announce);
  if (applied->notice_message_id) queued_notice = true;
  return ok_status();
}

}  // namespace centralita::actors
