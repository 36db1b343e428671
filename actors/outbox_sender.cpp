#include "actors/outbox_sender.hpp"

#include <algorithm>
#include <chrono>

#include "actors/drain_steps.hpp"
#include "actors/event_bus.hpp"
#include "actors/messages.hpp"
#include "common/json_text.hpp"
#include "common/log.hpp"
#include "providers/media_link.hpp"
#include "providers/send_policy.hpp"
#include "storage/channel_account_repo.hpp"
#include "storage/media_files.hpp"
#include "storage/media_repo.hpp"

// What "sent exactly once" can mean here. Builderbot's send API takes no idempotency key
// (docs/protocols.md §1b), so no client can make a POST and its record one atomic step. The sender
// therefore gives at-least-once delivery with the duplicate window kept as small as it can be:
//  - the claim (status 'sending', attempts + 1, a lease) is committed before the POST, so a
//    crash never loses a row: after the lease it is due again;
//  - the outcome is recorded right after the answer, in one short transaction fenced by the
//    lease id, so only a process killed between reading a 2xx and that commit (a few ms) or a
//    database outage at that moment (the outcome is then kept and recorded at the next drain,
//    while the lease lasts) can lead to a second POST of the same message;
//  - a timeout or reset after the request went out is retried too: the provider may have
//    delivered it. Losing a reply is worse for a customer than seeing it twice, and the choice
//    is the same one Builderbot's own clients make.
// The lease (CENTRALITA_OUTBOX_LEASE_S) is longer than a whole batch of sends at their
// timeouts, so a live sender never has its row claimed by another one mid-send.

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<outbox_sender_state>*;
using storage::send_outcome_record;
using kind = send_outcome_record::kind;
constexpr size_t max_unrecorded = 1000;
constexpr int max_batch = 8;

metrics::counter& sends(const char* outcome) {
  return metrics::registry::global().get_counter("centralita_outbox_sends_total",
                                                 "Outbound send attempts by outcome",
                                                 std::string{"outcome=\""} + outcome + "\"");
}

metrics::histogram& send_latency() {
  return metrics::registry::global().get_histogram("centralita_outbox_send_seconds",
                                                   "Time of one outbound send attempt");
}

// What an attempt's result does to its row.
send_outcome_record decide(self_ptr self, const storage::claimed_send& c,
                           const providers::send_result& r) {
  const auto& s = self->state.ctx->settings;
  send_outcome_record out;
  switch (r.status) {
    case providers::send_status::sent:
      out.what = kind::sent;
      out.provider_message_id = r.provider_message_id;
      return out;
    case providers::send_status::permanent:
      out.what = kind::failed;
      out.error = r.error;
      return out;
    case providers::send_status::retryable:
      break;
  }
  out.error = r.error;
  if (c.attempt >= s.outbox_max_attempts) {
    out.what = kind::dead;
    out.error += " (after " + std::to_string(c.attempt) + " attempts)";
    return out;
  }
  out.what = kind::retry;
  providers::backoff_policy policy;
  policy.base = std::chrono::milliseconds(s.outbox_backoff_ms);
  policy.cap = std::chrono::milliseconds(s.outbox_backoff_max_ms);
  std::uniform_real_distribution<double> jitter{0.0, 1.0};
  out.retry_in =
      providers::retry_delay(policy, c.attempt, jitter(self->state.random), r.retry_after);
  return out;
}

void publish(self_ptr self, const storage::claimed_send& c, const send_outcome_record& outcome,
             const storage::recorded_outcome& rec) {
  auto bus = self->state.ctx->handles.get(events_role, 0);
  if (!bus) return;
  const std::string message_id = c.message_id ? std::to_string(*c.message_id) : "null";
  if (rec.message_changed) {
    self->send(bus, live_event{c.tenant_id, "message.updated",
                               "{\"id\":" + message_id +
                                   ",\"conversation_id\":" + std::to_string(c.conversation_id) +
                                   ",\"status\":" + json_string(rec.message_status) + "}"});
  }
  if (outcome.what == kind::failed || outcome.what == kind::dead) {
    self->send(bus, live_event{c.tenant_id, "outbox.failed",
                               "{\"id\":" + std::to_string(c.id) + ",\"kind\":" +
                                   json_string(c.kind) + ",\"message_id\":" + message_id +
                                   ",\"conversation_id\":" + std::to_string(c.conversation_id) +
                                   ",\"status\":" + json_string(rec.row_status) +
                                   ",\"attempts\":" + std::to_string(c.attempt) +
                                   ",\"error\":" + json_string(outcome.error) + "}"});
  }
}

const char* outcome_name(kind k) {
  switch (k) {
    case kind::sent:
      return "sent";
    case kind::retry:
      return "retry";
    case kind::failed:
      return "failed";
    case kind::dead:
      return "dead";
  }
  return "retry";
}

// Records one outcome; false when the database failed (the caller keeps it for later).
bool record(self_ptr self, storage::pg_connection& db, const storage::claimed_send& c,
            const send_outcome_record& outcome) {
  auto rec = storage::outbox_repo{db}.record(c, outcome);
  if (!rec) {
    self->state.db->on_error(rec.error());
    log::warn("outbox: outcome of row {} not recorded yet: {}", c.id, rec.error().message);
    return false;
  }
  if (!*rec) {
    log::warn("outbox: row {} lost its lease before its outcome ({}) was recorded", c.id,
              outcome_name(outcome.what));
    return true;
  }
  sends(outcome_name(outcome.what)).inc();
  if (outcome.what != kind::sent) {
    log::info("outbox: row {} attempt {}: {} ({})", c.id, c.attempt, outcome_name(outcome.what),
              outcome.error);
  }
  publish(self, c, outcome, **rec);
  return true;
}

void retry_unrecorded(self_ptr self, storage::pg_connection& db) {
  auto& pending = self->state.unrecorded;
  while (!pending.empty()) {
    if (!record(self, db, pending.front().first, pending.front().second)) return;
    pending.erase(pending.begin());
  }
}

providers::send_result refused(std::string why) {
  return {providers::send_status::permanent, std::nullopt, std::move(why), 0, std::nullopt};
}

// The sender of the row's own channel account, rebuilt when the account's credentials change;
// there is no fallback to another account or to process-wide keys.
providers::outbound_sender* sender_for(self_ptr self, const actors::account& a) {
  return self->state.senders.of(a, [&] {
    return providers::make_outbound_sender(self->state.ctx->settings, a.provider, a.credentials);
  });
}

// The row's uploaded file, and for Builderbot a signed link to it that expires (a new one on
// every attempt, so a retry never sends a stale link); an error when the file is gone.
result<providers::outbound_message> with_file(self_ptr self, const storage::claimed_send& c,
                                              providers::outbound_message m) {
  auto conn = self->state.db->get();
  if (!conn) return conn.error();
  auto row = storage::media_repo{**conn}.find(c.tenant_id, *c.media_id);
  if (!row) return row.error();
  if (row->status != "ready" || row->sha256.empty()) {
    return make_error(errc::not_found, "the attachment is not stored", "media_gone");
  }
  const auto& s = self->state.ctx->settings;
  m.file = providers::outbound_file{row->kind, row->mime, row->filename,
                                    storage::media_path(s.data_dir, row->sha256)};
  auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count() +
                 s.media_link_ttl_s;
  m.media_url = providers::media_link(providers::media_link_base(s),
                                      self->state.ctx->secrets->derive("media-link"), c.tenant_id,
                                      row->id, expires);
  return m;
}

providers::send_result send_one(self_ptr self, const storage::claimed_send& c) {
  auto accounts = self->state.ctx->accounts.get();
  const auto* a =
      c.channel_account_id ? accounts->by_id(c.tenant_id, *c.channel_account_id) : nullptr;
  if (a == nullptr) return refused("no " + c.provider + " channel account to send with");
  if (!a->enabled) return refused("channel account " + a->name + " is disabled");
  auto* sender = a->provider == c.provider ? sender_for(self, *a) : nullptr;
  if (sender == nullptr) return refused("no sender for provider " + c.provider);
  providers::outbound_message message{c.id,        c.number,     c.content,
                                      c.media_url, std::nullopt, c.template_json};
  if (c.media_id) {
    auto m = with_file(self, c, std::move(message));
    if (!m && m.error().code == errc::unavailable) {
      return {providers::send_status::retryable, std::nullopt, "database unavailable", 0,
              std::nullopt};
    }
    if (!m) return refused("the attachment is gone");
    message = std::move(*m);
  }
  auto started = std::chrono::steady_clock::now();
  auto r = c.kind == "blacklist" ? sender->blacklist(c.number, c.intent == "add")
                                 : sender->send(message);
  send_latency().observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  // A provider refusing the account's credentials is shown on the account as well.
  if (r.http_status == 401 || r.http_status == 403) {
    if (auto conn = self->state.db->get()) {
      (void)storage::channel_account_repo{**conn}.record_check(
          c.tenant_id, a->id, false, "the provider refused a send: " + r.error);
    }
  }
  return r;
}

// Claims one batch of due rows and works it; asks for another drain when the batch was full.
void drain(self_ptr self) {
  auto& st = self->state;
  st.drain_scheduled = false;
  auto conn = st.db->get();
  if (!conn) return;  // the sweep comes back
  auto& db = **conn;
  retry_unrecorded(self, db);
  if (!st.unrecorded.empty()) return;
  auto claimed = storage::outbox_repo{db}.claim_due(st.limits.batch, st.limits.lease);
  if (!claimed) {
    st.db->on_error(claimed.error());
    log::warn("outbox: claiming due rows failed: {}", claimed.error().message);
    return;
  }
  for (const auto& c : *claimed) {
    auto outcome = decide(self, c, send_one(self, c));
    if (!record(self, db, c, outcome) && st.unrecorded.size() < max_unrecorded) {
      st.unrecorded.emplace_back(c, outcome);
    }
  }
  if (claimed->size() == static_cast<size_t>(st.limits.batch) && st.unrecorded.empty()) {
    schedule_drain(self);
  }
}

}  // namespace

void wake_outbox_senders(const node_context& ctx) { wake_all(ctx, outbox_role); }

outbox_limits outbox_limits_for(const config::settings& s) {
  outbox_limits l;
  l.lease = std::chrono::milliseconds(int64_t{s.outbox_lease_s} * 1000);
  int64_t per_send = config::longest_send_ms(s);
  l.batch = static_cast<int>(std::clamp<int64_t>(l.lease.count() / (2 * per_send), 1, max_batch));
  return l;
}

caf::behavior outbox_sender(caf::stateful_actor<outbox_sender_state>* self,
                            std::shared_ptr<node_context> ctx) {
  auto& st = self->state;
  st.db = std::make_unique<db_session>(ctx->settings.database_url);
  st.limits = outbox_limits_for(ctx->settings);
  st.ctx = std::move(ctx);
  auto sweep = std::chrono::milliseconds(st.ctx->settings.outbox_sweep_ms);
  // Rows claimed by a step stay 'sending' until their lease ends, then go again.
  return drain_behavior(self, sweep, "outbox", drain);
}

}  // namespace centralita::actors
