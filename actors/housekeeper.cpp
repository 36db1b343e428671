#include "actors/housekeeper.hpp"

#include <functional>

#include <chrono>

#include "actors/messages.hpp"
#include "actors/routing.hpp"
#include "common/log.hpp"
#include "storage/channel_account_repo.hpp"
#include "storage/channel_credentials.hpp"

namespace centralita::actors {

namespace {
constexpr auto tick_interval = std::chrono::seconds(5);
constexpr int recovery_page = 1000;
}  // namespace

result<std::shared_ptr<const account_directory>> load_accounts(storage::pg_connection& db,
                                                               const keyring& ring) {
  storage::channel_account_repo repo{db};
  auto rows = repo.list_all();
  if (!rows) return rows.error();
  std::vector<account> list;
  list.reserve(rows->size());
  for (auto& r : *rows) {
    auto secrets = storage::open_secrets(ring, r.secrets, r.account_key);
    if (!secrets) {
      return make_error(errc::internal,
                        "channel account " + r.account_key + " (id " + std::to_string(r.id) +
                            "): its secrets do not open: " + secrets.error().message);
    }
    account a;
    a.id = r.id;
    a.tenant_id = r.tenant_id;
    a.provider = r.provider;
    a.name = r.name;
    a.key = r.account_key;
    a.rate_per_s = r.rate_per_s;
    a.status = r.status;
    a.enabled = r.enabled;
    a.credentials = storage::parse_config(r.config_json);
    for (auto& [k, v] : *secrets) a.credentials[k] = std::move(v);
    a.webhook_secret =
        a.credential(r.provider == "whatsapp_cloud" ? "app_secret" : "webhook_secret");
    a.verify_token = a.credential("verify_token");
    a.fingerprint = r.updated_at + "|" + r.secrets + "|" + r.config_json;
    list.push_back(std::move(a));
  }
  return std::make_shared<const account_directory>(std::move(list));
}

namespace {

using event_page = std::function<result<std::vector<storage::pending_event>>(int64_t after)>;

// Sends every event the pages yield to the dispatcher, oldest first, routed as when accepted.
result<size_t> redispatch(storage::event_log_repo& repo, node_context& ctx,
                          const caf::actor& dispatcher, const event_page& next_page) {
  if (!dispatcher) return make_error(errc::unavailable, "no dispatcher to recover events with");
  size_t total = 0;
  int64_t after = 0;
  for (;;) {
    auto page = next_page(after);
    if (!page) return page.error();
    for (auto& ev : *page) {
      after = ev.seq;
      auto key = routing_key(ev.provider, ev.payload, ev.account_id);
      if (key.empty()) {
        (void)repo.mark_failed(ev.event_id, "payload cannot be read");
        continue;
      }
      ctx.counters.process_queue.fetch_add(1);
      caf::anon_send(dispatcher,
                     routed_event{std::move(key), accepted_event{std::move(ev), nullptr}});
      ++total;
    }
    if (page->size() < static_cast<size_t>(recovery_page)) return total;
  }
}

}  // namespace

result<size_t> redispatch_unprocessed(storage::pg_connection& db, node_context& ctx,
                                      const caf::actor& dispatcher, int min_age_s) {
  storage::event_log_repo repo{db};
  return redispatch(repo, ctx, dispatcher, [&](int64_t after) {
    return repo.unprocessed(after, recovery_page, min_age_s);
  });
}

result<size_t> redispatch_orphaned(storage::pg_connection& db, node_context& ctx,
                                   const caf::actor& dispatcher) {
  storage::event_log_repo repo{db};
  return redispatch(repo, ctx, dispatcher, [&](int64_t after) {
    return repo.orphaned(after, recovery_page, ctx.node_id);
  });
}

caf::behavior housekeeper(caf::stateful_actor<housekeeper_state>* self,
                          std::shared_ptr<node_context> ctx, account_sink accounts) {
  self->state.db = std::make_unique<db_session>(ctx->settings.database_url);
  self->state.ctx = std::move(ctx);
  self->state.accounts = std::move(accounts);
  self->delayed_send(self, tick_interval, tick_atom::value, 1);
  return {
      [self](tick_atom, int n) {
        auto& st = self->state;
        self->delayed_send(self, tick_interval, tick_atom::value, n + 1);
        auto conn = st.db->get();
        if (!conn) return;
        auto loaded = load_accounts(**conn, *st.ctx->secrets);
        if (!loaded) {
          // The last good snapshot stays: webhooks and sends go on with what they had (e.g.
          // while another node rotates the key this one does not know yet).
          if (loaded.error().code == errc::internal) {
            log::warn("accounts: keeping the last snapshot: {}", loaded.error().message);
          }
          st.db->on_error(loaded.error());
          return;
        }
        st.accounts(*loaded);
      },
      [self](ready_probe& probe) {
        auto conn = self->state.db->get();
        bool ok = false;
        if (conn) {
          auto r = (*conn)->exec("SELECT 1");
          ok = r.ok();
          if (!r) self->state.db->on_error(r.error());
        }
        (*probe.done)(ok);
      },
  };
}

}  // namespace centralita::actors
