#include "actors/tracking_adapter.hpp"

#include <chrono>

#include "actors/messages.hpp"
#include "actors/outbox_sender.hpp"
#include "common/log.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<tracking_adapter_state>*;
// Shipments asked about per tick; the rest wait for the next one.
constexpr int refresh_batch = 100;

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void publish(self_ptr self, std::vector<live_event>& announce, bool queued_notice) {
  auto& ctx = *self->state.ctx;
  if (queued_notice) wake_outbox_senders(ctx);
  if (auto bus = ctx.handles.get(events_role, 0)) {
    for (auto& e : announce) self->send(bus, std::move(e));
  }
}

// The tenant's provider, rebuilt when its account's credentials change.
providers::tracking_provider& provider_for(self_ptr self, int64_t tenant_id) {
  auto& st = self->state;
  auto accounts = st.ctx->accounts.get();
  const auto* a = tracking_account(*accounts, tenant_id);
  if (a == nullptr) return *st.demo;
  return *st.providers.of(*a, [&] {
    return providers::make_tracking_provider(st.ctx->settings, a->provider, a->credentials, now_s);
  });
}

// A request about one tenant's shipment: `step` runs on the adapter's connection with the
// tenant's provider and fills the live events to announce; no connection is the request's error.
template <class T, class Step>
caf::result<T> with_provider(self_ptr self, int64_t tenant_id, Step step) {
  auto conn = self->state.db->get();
  if (!conn) return caf::make_error(caf::sec::runtime_error, conn.error().message);
  std::vector<live_event> announce;
  return step(**conn, provider_for(self, tenant_id), announce);
}

void refresh(self_ptr self) {
  auto& st = self->state;
  auto conn = st.db->get();
  if (!conn) return;
  provider_of provider = [self](int64_t tenant_id) -> providers::tracking_provider& {
    return provider_for(self, tenant_id);
  };
  auto out = refresh_due_shipments(**conn, provider, now_s(), st.ctx->settings.tracking_refresh_s,
                                   refresh_batch);
  if (!out) {
    st.db->on_error(out.error());
    log::warn("tracking: refresh failed: {}", out.error().message);
    return;
  }
  if (out->checked > 0) {
    log::info("tracking: refreshed {} shipments ({} changed, {} failed)", out->checked,
              out->changed, out->failed);
  }
  publish(self, out->announce, out->queued_notice);
}

}  // namespace

const account* tracking_account(const account_directory& accounts, int64_t tenant_id) {
  const account* best = nullptr;
  for (const char* provider : {"aftership", "17track"}) {
    for (const auto* a : accounts.of_tenant(tenant_id, provider)) {
      if (a->credential("api_key").empty()) continue;
      if (best == nullptr || a->id < best->id) best = a;
      break;
    }
  }
  return best;
}

caf::behavior tracking_adapter(caf::stateful_actor<tracking_adapter_state>* self,
                               std::shared_ptr<node_context> ctx) {
  auto& st = self->state;
  st.db = std::make_unique<db_session>(ctx->settings.database_url);
  st.demo = providers::make_tracking_provider(ctx->settings, "demo", {}, now_s);
  st.ctx = std::move(ctx);
  return {
      [self](wake_atom) {
        try {
          refresh(self);
        } catch (const std::exception& e) {
          log::error("tracking: refresh threw: {}", e.what());
        }
      },
      [self](track_request& req) -> caf::result<int64_t> {
        return with_provider<int64_t>(
            self, req.shipment.tenant_id,
            [&](storage::pg_connection& db, providers::tracking_provider& provider,
                std::vector<live_event>& announce) -> caf::result<int64_t> {
              auto applied = register_shipment(db, provider, req.shipment, now_s(), announce);
              if (!applied) {
                self->state.db->on_error(applied.error());
                return caf::make_error(caf::sec::runtime_error, applied.error().message);
              }
              publish(self, announce, applied->notice_message_id.has_value());
              return applied->shipment_id;
            });
      },
      [self](shipment_lookup& req) -> caf::result<bool> {
        return with_provider<bool>(
            self, req.shipment.tenant_id,
            [&](storage::pg_connection& db, providers::tracking_provider& provider,
                std::vector<live_event>& announce) -> caf::result<bool> {
              auto found =
                  look_up_shipment(db, provider, req.shipment, req.may_register, now_s(), announce);
              if (!found) {
                if (found.error().code == errc::not_found) return false;
                self->state.db->on_error(found.error());
                log::warn("tracking: {} could not look up a number for tenant {}: {}",
                          provider.name(), req.shipment.tenant_id, found.error().message);
                return caf::make_error(caf::sec::runtime_error, found.error().message);
              }
              publish(self, announce, found->notice_message_id.has_value());
              return true;
            });
      },
  };
}

}  // namespace centralita::actors
