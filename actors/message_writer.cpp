#include "actors/message_writer.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "actors/autopilot.hpp"
#include "actors/call_events.hpp"
#include "actors/event_bus.hpp"
#include "actors/media_fetcher.hpp"
#include "actors/outbox_sender.hpp"
#include "actors/service_replies.hpp"
#include "actors/tracking_events.hpp"
#include "common/json_text.hpp"
#include "common/log.hpp"
#include "providers/builderbot_webhook.hpp"
#include "providers/channel_media.hpp"
#include "providers/whatsapp_cloud_webhook.hpp"
#include "storage/message_repo.hpp"
#include "storage/receipt_repo.hpp"
#include "storage/route_order_repo.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<message_writer_state>*;
constexpr size_t max_events_per_transaction = 2000;
using providers::builderbot_kind;

// What the events ask the database to do, in order.
struct batch_plan {
  std::vector<storage::inbound_message> messages;
  std::vector<storage::line_status_change> lines;
  std::vector<std::string> event_ids;
  std::vector<std::string> unreadable;  ///< events whose payload can't be read: marked failed
  /// ElevenLabs and tracking events: one transaction each.
  std::vector<const accepted_event*> singles;
  std::vector<storage::delivery_update> receipts;  ///< marked processed by receipt_repo
};

// Every channel's messages take this one path: customer by phone, open conversation, message.
void plan_message(const accepted_event& ev, const providers::channel_message& m, batch_plan& plan) {
  plan.event_ids.push_back(ev.event_id);
  plan.messages.push_back({ev.event_id, ev.tenant_id, ev.account_id, m.phone, m.name,
                           m.incoming ? "in" : "out", m.incoming ? "customer" : "bot", m.text,
                           m.attachments, providers::media_of(m)});
}

void plan_builderbot(const accepted_event& ev, batch_plan& plan) {
  auto parsed = providers::parse_builderbot_webhook(ev.payload);
  if (!parsed) {
    plan.unreadable.push_back(ev.event_id);
    return;
  }
  if (auto m = providers::channel_message_of(*parsed)) return plan_message(ev, *m, plan);
  plan.event_ids.push_back(ev.event_id);
  if (parsed->kind == builderbot_kind::status) {
    plan.lines.push_back({ev.event_id, ev.tenant_id, ev.account_id, parsed->line_status});
  }
}

// Each logged WhatsApp Cloud event holds one message or receipt (the webhook handler splits).
void plan_whatsapp_cloud(const accepted_event& ev, batch_plan& plan) {
  auto parsed = providers::parse_whatsapp_cloud_webhook(ev.payload);
  if (!parsed || parsed->items.size() != 1) {
    plan.unreadable.push_back(ev.event_id);
    return;
  }
  const auto& item = parsed->items.front();
  if (item.kind == providers::whatsapp_cloud_kind::message) {
    return plan_message(ev, item.message, plan);
  }
  plan.receipts.push_back(
      {ev.event_id, ev.tenant_id, ev.provider, item.id, item.receipt.status, item.receipt.error});
}

void plan_event(const accepted_event& ev, batch_plan& plan) {
  if (ev.message) {
    plan_message(ev, *ev.message, plan);
  } else if (ev.provider == "elevenlabs" || is_tracking_provider(ev.provider)) {
    plan.singles.push_back(&ev);  // their repositories mark each processed in its transaction
  } else if (ev.provider == "builderbot") {
    plan_builderbot(ev, plan);
  } else if (ev.provider == "whatsapp_cloud") {
    plan_whatsapp_cloud(ev, plan);
  } else {
    plan.event_ids.push_back(ev.event_id);  // other providers come with their own issues
  }
}

// Tells the event bus about the messages just committed (one `message.created` each) and
// hands the customers' messages to the autopilot shard of their conversation.
void publish(self_ptr self, const batch_plan& plan,
             const std::vector<storage::stored_message>& stored) {
  if (stored.empty()) return;
  auto& handles = self->state.ctx->handles;
  auto bus = handles.get(events_role, 0);
  const auto shards = static_cast<size_t>(self->state.ctx->settings.ai_workers);
  std::vector<ai_batch> batches(shards);
  std::unordered_map<std::string, const storage::inbound_message*> by_event;
  for (const auto& m : plan.messages) by_event.emplace(m.event_id, &m);
  for (const auto& s : stored) {
    auto it = by_event.find(s.event_id);
    if (it == by_event.end()) continue;
    const auto& m = *it->second;
    if (m.sender_type == "customer") {
      batches[autopilot_shard(s.conversation_id, shards)].items.push_back(
          {m.tenant_id, s.conversation_id, s.message_id, m.body});
    }
    if (!bus) continue;
    std::string data = "{\"id\":" + std::to_string(s.message_id) +
                       ",\"conversation_id\":" + std::to_string(s.conversation_id) +
                       ",\"direction\":" + json_string(m.direction) +
                       ",\"sender_type\":" + json_string(m.sender_type) +
                       ",\"text\":" + json_string(m.body) + ",\"media\":" + s.media_json + "}";
    self->send(bus, live_event{m.tenant_id, "message.created", std::move(data)});
  }
  // Downloads start after the commit, never before the acknowledgment (docs/architecture.md
  // §Media).
  if (std::any_of(stored.begin(), stored.end(), [](const auto& s) { return s.media_to_fetch; })) {
    wake_media_fetchers(*self->state.ctx);
  }
  for (size_t i = 0; i < shards; ++i) {
    if (batches[i].items.empty()) continue;
    if (auto pilot = handles.get(autopilot_role, i)) self->send(pilot, std::move(batches[i]));
  }
}

// Calls and shipments after the messages: their failure then never undoes the messages.
status store_singles(self_ptr self, storage::pg_connection& db, const batch_plan& plan) {
  if (plan.singles.empty()) return ok_status();
  auto& ctx = *self->state.ctx;
  std::vector<live_event> announce;
  bool queued_notice = false;
  status result = ok_status();
  storage::event_log_repo log_repo{db};
  for (const auto* ev : plan.singles) {
    auto s = ev->provider == "elevenlabs"
                 ? store_call_event(db, ctx.settings.data_dir, *ev, announce)
                 : store_tracking_event(db, *ev, announce, queued_notice);
    if (s) {
      ctx.counters.processed.inc();
    } else if (s.error().code == errc::invalid_input) {
      if (auto m = log_repo.mark_failed(ev->event_id, s.error().message); !m) return m.error();
      ctx.counters.failed.inc();
    } else {
      result = s.error();
      break;
    }
  }
  if (queued_notice) wake_outbox_senders(ctx);
  if (auto bus = ctx.handles.get(events_role, 0)) {
    for (auto& e : announce) self->send(bus, std::move(e));
  }
  return result;
}

// Receipts after the messages, in their own transaction: `message.updated` for each status
// that moved, and `outbox.failed` for a delivery that failed.
status store_receipts(self_ptr self, storage::pg_connection& db, const batch_plan& plan) {
  if (plan.receipts.empty()) return ok_status();
  auto applied = storage::receipt_repo{db}.apply(plan.receipts);
  if (!applied) return applied.error();
  auto& ctx = *self->state.ctx;
  ctx.counters.processed.inc(plan.receipts.size());
  auto bus = ctx.handles.get(events_role, 0);
  if (!bus) return ok_status();
  for (const auto& a : *applied) {
    const std::string ids = "\"message_id\":" + std::to_string(a.message_id) +
                            ",\"conversation_id\":" + std::to_string(a.conversation_id);
    self->send(bus, live_event{a.tenant_id, "message.updated",
                               "{\"id\":" + std::to_string(a.message_id) +
                                   ",\"conversation_id\":" + std::to_string(a.conversation_id) +
                                   ",\"status\":" + json_string(a.status) + "}"});
    if (a.status != "failed") continue;
    self->send(bus,
               live_event{a.tenant_id, "outbox.failed",
                          "{\"id\":" + std::to_string(a.outbox_id) + "," + ids +
                              ",\"status\":\"failed\",\"attempts\":" + std::to_string(a.attempts) +
                              ",\"error\":" + json_string(a.error) + "}"});
  }
  return ok_status();
}

status store(self_ptr self, storage::pg_connection& db,
             const std::vector<const accepted_event*>& events) {
  batch_plan plan;
  for (const auto* ev : events) plan_event(*ev, plan);
  storage::event_log_repo log_repo{db};
  for (const auto& id : plan.unreadable) {
    if (auto s = log_repo.mark_failed(id, "payload cannot be read"); !s) return s.error();
    self->state.ctx->counters.failed.inc();
  }
  auto& ctx = *self->state.ctx;
  auto bus = ctx.handles.get(events_role, 0);
  auto ratings = take_csat_ratings(db, plan.messages, plan.event_ids);
  if (!ratings) return ratings.error();
  ctx.counters.processed.inc(ratings->size());
  if (bus) {
    for (auto& e : rating_events(*ratings)) self->send(bus, std::move(e));
  }
  storage::message_repo repo{db};
  auto stored = repo.store_batch(plan.messages, plan.lines, plan.event_ids);
  if (!stored) return stored.error();
  ctx.counters.processed.inc(plan.event_ids.size());
  publish(self, plan, *stored);
  // The messages are committed: an away reply that fails is logged, never retried with them.
  if (auto away = send_away_replies(db, plan.messages, *stored); !away) {
    log::warn("process: away replies not sent: {}", away.error().message);
  } else if (!away->empty()) {
    wake_outbox_senders(ctx);
    for (const auto& r : *away) {
      if (bus) self->send(bus, sent_message_event(r.message));
    }
  }
  if (auto s = store_receipts(self, db, plan); !s) return s;
  return store_singles(self, db, plan);
}

using pending_batch = std::vector<std::pair<process_request, caf::response_promise>>;

// The events to store now, in the order their routes want across nodes (docs/architecture.md,
// "Cluster"): the batch's routes are locked, then what is still queued on them is read back:
// the batch's own events that no other node processed meanwhile, and before them, in seq order,
// the earlier ones another node accepted and has not processed (a node that died, or a webhook
// of the same customer that reached another node first), which `caught_up` then holds.
result<std::vector<const accepted_event*>> in_route_order(storage::pg_connection& db,
                                                          const pending_batch& batch,
                                                          std::deque<accepted_event>& caught_up) {
  std::vector<storage::route_bound> routes;
  std::vector<int64_t> mine;
  std::unordered_map<int64_t, const accepted_event*> by_seq;
  for (const auto& [req, promise] : batch) {
    if (req.events.empty()) continue;
    int64_t upto = 0;
    for (const auto& ev : req.events) {
      upto = std::max(upto, ev.seq);
      mine.push_back(ev.seq);
      by_seq.emplace(ev.seq, &ev);
    }
    routes.push_back({req.events.front().tenant_id, req.key, upto});
  }
  storage::route_order_repo order{db};
  if (auto s = order.lock(routes); !s) return s.error();
  auto queued = order.queued(routes, mine);
  if (!queued) return queued.error();
  std::vector<const accepted_event*> out;
  out.reserve(queued->size());
  for (auto& q : *queued) {
    if (q.mine) {
      if (auto it = by_seq.find(q.event.seq); it != by_seq.end()) out.push_back(it->second);
      continue;
    }
    caught_up.push_back(accepted_event{std::move(q.event), nullptr});
    out.push_back(&caught_up.back());
  }
  return out;
}

// Stores every pending request in one transaction. A failure that is not an outage is
// isolated: each request alone, then each event alone, and an event that still fails is
// marked failed so that its conversation moves on.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty()) return;
  // Short transactions keep locks brief and answers flowing; the rest waits for the next one.
  size_t take = 0, events = 0;
  while (take < st.pending.size() && events < max_events_per_transaction) {
    events += st.pending[take++].first.events.size();
  }
  decltype(st.pending) batch(std::make_move_iterator(st.pending.begin()),
                             std::make_move_iterator(st.pending.begin() + static_cast<long>(take)));
  st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<long>(take));
  st.pacer.batch_started(take, batch_pacer::clock::now());
  if (!st.pending.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
  auto reply_all = [&](bool ok) {
    for (auto& [req, promise] : batch) promise.deliver(process_reply{ok, true});
  };
  auto conn = st.db->get();
  if (!conn) return reply_all(false);
  auto& db = **conn;
  // Held until the batch is done, whichever way it ends (a broken connection drops them too).
  struct route_locks {
    storage::pg_connection& db;
    ~route_locks() { storage::route_order_repo{db}.unlock(); }
  } locks{db};
  std::deque<accepted_event> caught_up;
  auto ordered = in_route_order(db, batch, caught_up);
  if (!ordered) {
    st.db->on_error(ordered.error());
    log::warn("process: routes of {} requests not locked: {}", batch.size(),
              ordered.error().message);
    return reply_all(false);
  }
  const auto& all = *ordered;
  if (!caught_up.empty()) {
    log::info("process: caught up {} earlier event(s) accepted by another node", caught_up.size());
  }
  auto started = std::chrono::steady_clock::now();
  auto s = store(self, db, all);
  st.ctx->counters.process_batch.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (s) return reply_all(true);
  st.db->on_error(s.error());
  if (s.error().code == errc::unavailable) {
    log::warn("process: batch of {} events not stored: {}", all.size(), s.error().message);
    return reply_all(false);
  }
  log::error("process: batch of {} events failed, isolating: {}", all.size(), s.error().message);
  // Each event is retried alone and, if it fails again, marked with its own error: the
  // batch's error may concern any other event of the batch, of any tenant.
  storage::event_log_repo log_repo{db};
  std::unordered_set<int64_t> unsettled;  // neither stored nor marked: recovery takes them up
  for (const auto* ev : all) {
    auto alone = store(self, db, {ev});
    if (alone) continue;
    if (alone.error().code == errc::unavailable ||
        !log_repo.mark_failed(ev->event_id, alone.error().message)) {
      unsettled.insert(ev->seq);
      continue;
    }
    st.ctx->counters.failed.inc();
  }
  for (auto& [req, promise] : batch) {
    bool ok = std::none_of(req.events.begin(), req.events.end(),
                           [&](const accepted_event& ev) { return unsettled.count(ev.seq) > 0; });
    promise.deliver(process_reply{ok, true});
  }
}

}  // namespace

caf::behavior message_writer(caf::stateful_actor<message_writer_state>* self,
                             std::shared_ptr<node_context> ctx) {
  self->state.db = std::make_unique<db_session>(ctx->settings.database_url);
  self->state.ctx = std::move(ctx);
  return {
      [self](process_request& req) {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        st.pending.emplace_back(std::move(req), promise);
        if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          auto wait = st.pacer.wait_before_batch(batch_pacer::clock::now(), st.ctx->cluster_nodes);
          if (wait == wait.zero()) {
            self->send(self, flush_atom::value);
          } else {
            self->delayed_send(self, wait, flush_atom::value);
          }
        }
      },
      [self](flush_atom) { flush(self); },
  };
}

}  // namespace centralita::actors
