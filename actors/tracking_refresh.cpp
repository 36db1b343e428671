#include "actors/tracking_refresh.hpp"

#include "actors/tracking_events.hpp"
#include "common/log.hpp"
#include "providers/tracking_json.hpp"

namespace centralita::actors {

result<refresh_outcome> refresh_due_shipments(storage::pg_connection& db,
                                              const provider_of& provider_for, int64_t now_s,
                                              int min_age_s, int limit) {
  storage::shipment_repo repo{db};
  const auto now = providers::iso_utc(now_s);
  auto due = repo.due(now, min_age_s, limit);
  if (!due) return due.error();
  refresh_outcome out;
  for (const auto& s : *due) {
    ++out.checked;
    auto& provider = provider_for(s.tenant_id);
    // Another provider's id of the tracking means nothing to this one.
    const std::string provider_ref = s.provider == provider.name() ? s.provider_ref : "";
    providers::tracking_ref ref{s.tracking_number, s.carrier, provider_ref, s.order_number,
                                s.created_at_s};
    auto info = provider.get(ref);
    if (!info && info.error().code == errc::not_found) info = provider.create(ref);
    if (!info) {
      ++out.failed;
      log::warn("tracking: {} could not refresh shipment {}: {}", provider.name(), s.id,
                info.error().message);
      if (auto m = repo.mark_checked(s.tenant_id, s.id, now); !m) return m.error();
      continue;
    }
    // The provider's answer is about the number we asked for, whatever it echoes.
    info->tracking_number = s.tracking_number;
    auto update = shipment_update_from(s.tenant_id, provider.name(), *info);
    update.checked_at = now;
    update.create_missing = false;
    auto applied = repo.apply(update);
    if (!applied) {
      if (applied.error().code == errc::unavailable) return applied.error();
      ++out.failed;
      log::warn("tracking: shipment {} not updated: {}", s.id, applied.error().message);
      if (auto m = repo.mark_checked(s.tenant_id, s.id, now); !m) return m.error();
      continue;
    }
    if (applied->changed) ++out.changed;
    if (applied->notice_message_id) out.queued_notice = true;
    announce_shipment(s.tenant_id, *applied, out.announce);
  }
  return out;
}

namespace {

// Stores what `provider` answered about `r`'s number (linked as shipment_repo does).
result<storage::applied_shipment> store_answer(storage::pg_connection& db,
                                               const std::string& provider,
                                               const shipment_registration& r,
                                               providers::tracking_info info, int64_t now_s,
                                               std::vector<live_event>& announce) {
  info.tracking_number = r.tracking_number;
  if (info.carrier.empty()) info.carrier = r.carrier;
  if (info.order_number.empty()) info.order_number = r.order_number;
  if (info.phone.empty()) info.phone = r.phone;
  auto update = shipment_update_from(r.tenant_id, provider, info);
  update.checked_at = providers::iso_utc(now_s);
  if (r.conversation_id > 0) update.conversation_id = r.conversation_id;
  auto applied = storage::shipment_repo{db}.apply(update);
  if (!applied) return applied.error();
  announce_shipment(r.tenant_id, *applied, announce);
  return applied;
}

}  // namespace

result<storage::applied_shipment> register_shipment(storage::pg_connection& db,
                                                    providers::tracking_provider& provider,
                                                    const shipment_registration& r, int64_t now_s,
                                                    std::vector<live_event>& announce) {
  providers::tracking_ref ref{r.tracking_number, r.carrier, "", r.order_number, now_s};
  auto info = provider.create(ref);
  if (!info) return info.error();
  return store_answer(db, provider.name(), r, std::move(*info), now_s, announce);
}

result<storage::applied_shipment> look_up_shipment(storage::pg_connection& db,
                                                   providers::tracking_provider& provider,
                                                   const shipment_registration& r,
                                                   bool may_register, int64_t now_s,
                                                   std::vector<live_event>& announce) {
  // Whatever the customer typed goes no further than a number's shape allows.
  if (!providers::tracking_json::valid_tracking_number(r.tracking_number)) {
    return make_error(errc::not_found, "not a tracking number", "tracking_not_found");
  }
  providers::tracking_ref ref{r.tracking_number, r.carrier, "", r.order_number, now_s};
  auto info = provider.look_up(ref, may_register);
  if (!info) return info.error();
  return store_answer(db, provider.name(), r, std::move(*info), now_s, announce);
}

}  // namespace centralita::actors
