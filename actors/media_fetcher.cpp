#include "actors/media_fetcher.hpp"

#include <chrono>

#include "actors/drain_steps.hpp"
#include "actors/event_bus.hpp"
#include "actors/messages.hpp"
#include "common/json_text.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "providers/media_download.hpp"
#include "providers/media_policy.hpp"
#include "providers/send_policy.hpp"
#include "storage/media_files.hpp"
#include "storage/media_repo.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<media_fetcher_state>*;
constexpr auto sweep = std::chrono::seconds(2);

metrics::counter& fetches(const char* outcome) {
  return metrics::registry::global().get_counter("centralita_media_fetches_total",
                                                 "Inbound media download attempts by outcome",
                                                 std::string{"outcome=\""} + outcome + "\"");
}

providers::download_limits limits_of(const config::settings& s) {
  providers::download_limits l;
  l.connect_timeout = std::chrono::milliseconds(std::min(s.media_fetch_timeout_ms, 5000));
  l.timeout = std::chrono::milliseconds(s.media_fetch_timeout_ms);
  l.max_bytes = static_cast<size_t>(s.media_max_bytes);
  l.public_only = !s.media_allow_private;
  return l;
}

// One download, from wherever the row's provider keeps the file.
providers::media_download download(self_ptr self, const storage::media_row& row) {
  const auto& s = self->state.ctx->settings;
  auto limits = limits_of(s);
  if (!row.source_url.empty()) return providers::download_url(row.source_url, limits);
  providers::media_download none;
  none.what = providers::download_outcome::refused;
  auto accounts = self->state.ctx->accounts.get();
  const auto* account =
      row.channel_account_id ? accounts->by_id(row.tenant_id, *row.channel_account_id) : nullptr;
  if (account == nullptr || row.source_media_id.empty()) {
    none.error = "no source to download the media from";
    return none;
  }
  providers::graph_media_source graph;
  auto base = providers::parse_url(s.whatsapp_cloud_api_url);
  if (!base) {
    none.error = "WHATSAPP_CLOUD_API_URL is not a URL";
    return none;
  }
  graph.base = *base;
  graph.version = s.whatsapp_cloud_api_version;
  graph.access_token = account->credential("access_token");
  return providers::download_graph_media(graph, row.source_media_id, limits);
}

void announce(self_ptr self, const storage::media_row& row, const std::string& descriptor) {
  if (descriptor.empty()) return;
  auto bus = self->state.ctx->handles.get(events_role, 0);
  if (!bus) return;
  self->send(bus, live_event{row.tenant_id, "media.updated",
                             "{\"conversation_id\":" + std::to_string(row.conversation_id) +
                                 ",\"media\":" + descriptor + "}"});
}

// Downloads, checks and stores one claimed row, and records how it went.
status fetch_one(self_ptr self, storage::pg_connection& db, const storage::media_row& row) {
  auto& st = self->state;
  const auto& s = st.ctx->settings;
  storage::media_repo repo{db};
  auto d = download(self, row);
  if (d.what == providers::download_outcome::ok) {
    auto digest = storage::save_media(s.data_dir, d.bytes);
    if (!digest) {
      // A full or broken disk: worth another try, like a network failure.
      log::error("media: storing media {} failed: {}", row.id, digest.error().message);
      d.what = providers::download_outcome::retry;
      d.error = "the file could not be stored";
    } else {
      // The downloaded type decides how the file is shown; a sticker stays a sticker.
      auto kind = row.kind == "sticker" ? row.kind : providers::kind_for_mime(d.mime);
      auto descriptor =
          repo.mark_ready(row, kind, d.mime, static_cast<int64_t>(d.bytes.size()), *digest);
      if (!descriptor) return descriptor.error();
      fetches("ready").inc();
      announce(self, row, *descriptor);
      return ok_status();
    }
  }
  const bool final =
      d.what == providers::download_outcome::refused || row.attempts >= s.media_fetch_attempts;
  providers::backoff_policy policy;
  policy.base = std::chrono::milliseconds(s.media_backoff_ms);
  policy.cap = std::chrono::milliseconds(std::max(s.media_backoff_ms, 300000));
  std::uniform_real_distribution<double> jitter{0.0, 1.0};
  auto delay = providers::retry_delay(policy, row.attempts, jitter(st.random), d.retry_after);
  std::string why = d.error;
  if (final && d.what == providers::download_outcome::retry) {
    why += " (after " + std::to_string(row.attempts) + " attempts)";
  }
  auto descriptor = repo.mark_attempt_failed(row, why, delay, final);
  if (!descriptor) return descriptor.error();
  fetches(final ? "failed" : "retry").inc();
  log::info("media: media {} attempt {}: {} ({})", row.id, row.attempts, final ? "failed" : "retry",
            why);
  announce(self, row, *descriptor);
  return ok_status();
}

void drain(self_ptr self) {
  auto& st = self->state;
  st.drain_scheduled = false;
  auto conn = st.db->get();
  if (!conn) return;  // the sweep comes back
  // The lease outlasts one download at its timeout, so no other fetcher takes the row meanwhile.
  auto lease = std::chrono::milliseconds(2 * st.ctx->settings.media_fetch_timeout_ms + 10000);
  auto claimed = storage::media_repo{**conn}.claim_due(1, lease);
  if (!claimed) {
    st.db->on_error(claimed.error());
    log::warn("media: claiming due media failed: {}", claimed.error().message);
    return;
  }
  for (const auto& row : *claimed) {
    if (auto s = fetch_one(self, **conn, row); !s) {
      st.db->on_error(s.error());
      log::warn("media: media {} not recorded: {}", row.id, s.error().message);
      return;  // its lease runs out and the row is due again
    }
  }
  if (!claimed->empty()) {
    schedule_drain(self);
  }
}

}  // namespace

void wake_media_fetchers(const node_context& ctx) { wake_all(ctx, media_role); }

caf::behavior media_fetcher(caf::stateful_actor<media_fetcher_state>* self,
                            std::shared_ptr<node_context> ctx) {
  auto& st = self->state;
  st.db = std::make_unique<db_session>(ctx->settings.database_url);
  st.ctx = std::move(ctx);
  // A claimed row stays leased until its lease ends, then goes again.
  return drain_behavior(self, sweep, "media", drain);
}

}  // namespace centralita::actors
