#include "actors/event_bus.hpp"

#include "actors/messages.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "storage/live_event_repo.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<event_bus_state>*;
// The replay window: events kept per tenant, and how many inserts go between two prunes.
constexpr int64_t replay_window = 10000;
constexpr int64_t prune_every = 1000;
constexpr size_t max_events_per_insert = 2000;
constexpr int max_replay_rows = 20000;

// Deletes a tenant's events that fell out of the replay window, once in a while.
void maybe_prune(self_ptr self, storage::pg_connection& db, int64_t tenant, int64_t last_seq,
                 int64_t inserted) {
  auto& count = self->state.since_prune[tenant];
  count += inserted;
  if (count < prune_every) return;
  count = 0;
  auto keep_from = last_seq + 1 - replay_window;
  if (keep_from <= 1) return;
  auto pruned = storage::live_event_repo{db}.prune(tenant, keep_from);
  if (!pruned) log::warn("events: prune of tenant {} failed: {}", tenant, pruned.error().message);
}

// Stores `batch` with one statement; the seq of each event, in batch order.
result<std::vector<int64_t>> store(self_ptr self, storage::pg_connection& db,
                                   const std::vector<live_event>& batch) {
  std::vector<storage::live_event_row> rows;
  rows.reserve(batch.size());
  for (const auto& ev : batch) rows.push_back({ev.tenant_id, ev.type, ev.data_json});
  auto taken = storage::live_event_repo{db}.store(rows);
  if (!taken) return taken.error();
  // Each tenant's first number in this batch, counted on in batch order.
  std::map<int64_t, int64_t> next;
  for (const auto& t : *taken) {
    next[t.tenant_id] = t.last_seq - t.taken + 1;
    maybe_prune(self, db, t.tenant_id, t.last_seq, t.taken);
  }
  std::vector<int64_t> numbers;
  numbers.reserve(batch.size());
  for (const auto& ev : batch) numbers.push_back(next[ev.tenant_id]++);
  return numbers;
}

// After a batch failed for a reason other than an outage: each event alone, so that one the
// database refuses is dropped by itself (and takes no number) while the others are stored.
void store_one_by_one(self_ptr self, storage::pg_connection& db, std::vector<live_event>& batch,
                      std::vector<int64_t>& numbers) {
  std::vector<live_event> kept;
  for (auto& ev : batch) {
    auto one = store(self, db, {ev});
    if (!one) {
      log::warn("events: a {} event of tenant {} not stored: {}", ev.type, ev.tenant_id,
                one.error().message);
      continue;
    }
    numbers.push_back(one->front());
    kept.push_back(std::move(ev));
  }
  batch = std::move(kept);
}

// Numbers the pending events, stores them with one INSERT, then publishes them.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty()) return;
  size_t take = std::min(st.pending.size(), max_events_per_insert);
  st.pacer.batch_started(take, batch_pacer::clock::now());
  std::vector<live_event> batch(std::make_move_iterator(st.pending.begin()),
                                std::make_move_iterator(st.pending.begin() + long(take)));
  st.pending.erase(st.pending.begin(), st.pending.begin() + long(take));
  if (!st.pending.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
  auto conn = st.db->get();
  if (!conn) {
    log::warn("events: {} live events dropped: {}", batch.size(), conn.error().message);
    return;
  }
  auto& db = **conn;
  std::vector<int64_t> numbers;
  if (auto stored = store(self, db, batch)) {
    numbers = std::move(*stored);
  } else if (stored.error().code != errc::unavailable) {
    log::warn("events: {} live events not stored together ({}), storing one by one", batch.size(),
              stored.error().message);
    store_one_by_one(self, db, batch, numbers);
  } else {
    st.db->on_error(stored.error());
    log::warn("events: {} live events not stored: {}", batch.size(), stored.error().message);
    return;
  }
  // One batch per tenant, encoded for the wire once for all its sockets.
  std::map<int64_t, std::vector<std::pair<int64_t, std::string>>> frames;
  for (size_t i = 0; i < batch.size(); ++i) {
    frames[batch[i].tenant_id].emplace_back(
        numbers[i], live_frame(numbers[i], batch[i].type, batch[i].data_json));
  }
  for (auto& [tenant, list] : frames) {
    st.subscribers->publish(tenant, std::make_shared<const live_batch>(make_live_batch(list)));
  }
}

}  // namespace

uint64_t subscriber_registry::add(int64_t tenant_id, live_batch_sink sink) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto id = next_id_++;
  tenant_of_.emplace(id, tenant_id);
  auto& subs = subs_[tenant_id];
  subs.by_id.emplace(id, std::make_shared<live_batch_sink>(std::move(sink)));
  subs.snapshot.reset();
  return id;
}

void subscriber_registry::remove(uint64_t id) {
  std::shared_ptr<live_batch_sink> gone;  // destroyed outside the lock
  std::lock_guard<std::mutex> lock{mutex_};
  auto tenant = tenant_of_.find(id);
  if (tenant == tenant_of_.end()) return;
  auto subs = subs_.find(tenant->second);
  tenant_of_.erase(tenant);
  if (subs == subs_.end()) return;
  if (auto it = subs->second.by_id.find(id); it != subs->second.by_id.end()) {
    gone = std::move(it->second);
    subs->second.by_id.erase(it);
    subs->second.snapshot.reset();
  }
  if (subs->second.by_id.empty()) subs_.erase(subs);
}

std::shared_ptr<const subscriber_registry::sink_list> subscriber_registry::sinks_of(
    int64_t tenant_id) {
  auto subs = subs_.find(tenant_id);
  if (subs == subs_.end()) return std::make_shared<const sink_list>();
  auto& snapshot = subs->second.snapshot;
  if (!snapshot) {
    sink_list list;
    list.reserve(subs->second.by_id.size());
    for (const auto& [id, sink] : subs->second.by_id) list.push_back(sink);
    snapshot = std::make_shared<const sink_list>(std::move(list));
  }
  return snapshot;
}

namespace {
// The events of `batch` after `after_seq`, as a batch of their own (the same bytes).
live_batch_ptr events_after(const live_batch_ptr& batch, int64_t after_seq) {
  if (batch->first_seq > after_seq) return batch;
  auto slice = batch->after(after_seq);
  auto part = std::make_shared<live_batch>();
  part->wire = std::string{slice.bytes};
  const size_t start = batch->wire.size() - slice.bytes.size();
  for (const auto& [seq, at] : batch->index) {
    if (seq > after_seq) part->index.emplace_back(seq, at - start);
  }
  part->first_seq = part->index.front().first;
  part->last_seq = batch->last_seq;
  return part;
}
}  // namespace

void subscriber_registry::publish(int64_t tenant_id, live_batch_ptr batch, bool read_back) {
  if (batch->frames() == 0) return;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    // Each seq goes out once, in order: what was fanned out already is cut off, and a batch
    // that would skip seqs waits for the listener, which reads the whole run back.
    auto& fanned = fanned_[tenant_id];
    if (batch->last_seq <= fanned) return;
    if (batch->first_seq > fanned + 1 && !read_back) return;
    batch = events_after(batch, fanned);
    fanned = batch->last_seq;
    auto& gate = gates_[tenant_id];
    if (gate.busy) {
      gate.waiting.push_back(std::move(batch));
      return;
    }
    gate.busy = true;
  }
  fan_out(tenant_id, batch);
}

std::vector<std::pair<int64_t, int64_t>> subscriber_registry::behind(
    const std::vector<std::pair<int64_t, int64_t>>& highest) {
  std::vector<std::pair<int64_t, int64_t>> out;
  std::lock_guard<std::mutex> lock{mutex_};
  for (const auto& [tenant, seq] : highest) {
    auto& fanned = fanned_[tenant];
    if (seq <= fanned) continue;
    if (subs_.count(tenant) == 0) {
      fanned = seq;
    } else {
      out.emplace_back(tenant, fanned);
    }
  }
  return out;
}

void subscriber_registry::fan_out(int64_t tenant_id, const live_batch_ptr& batch) {
  static auto& publishes = metrics::registry::global().get_counter(
      "centralita_live_publishes_total", "Batches of live events handed to the sockets");
  static auto& frames = metrics::registry::global().get_counter(
      "centralita_live_frames_total", "Live events handed to the sockets (once per batch)");
  static auto& fanout = metrics::registry::global().get_histogram(
      "centralita_live_fanout_seconds", "From a batch's hand-off until every socket queued it");
  std::shared_ptr<const sink_list> sinks;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    sinks = sinks_of(tenant_id);
  }
  publishes.inc();
  frames.inc(batch->frames());
  std::weak_ptr<subscriber_registry> weak = weak_from_this();
  // When the last copy goes (every sink has queued the batch), the next batch may go.
  std::shared_ptr<void> taken{
      nullptr, [weak, tenant_id, start = std::chrono::steady_clock::now()](void*) {
        fanout.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (auto registry = weak.lock()) registry->on_taken(tenant_id);
      }};
  for (const auto& sink : *sinks) (*sink)(batch, taken);
}

void subscriber_registry::on_taken(int64_t tenant_id) {
  live_batch_ptr next;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    auto& gate = gates_[tenant_id];
    if (gate.waiting.empty()) {
      gate.busy = false;
      return;
    }
    next = gate.waiting.size() == 1
               ? std::move(gate.waiting.front())
               : std::make_shared<const live_batch>(join_live_batches(gate.waiting));
    gate.waiting.clear();
  }
  fan_out(tenant_id, next);
}

std::string live_frame(int64_t seq, const std::string& type, const std::string& data_json) {
  std::string out = "{\"seq\":" + std::to_string(seq) + ",\"type\":\"" + type + "\",\"data\":";
  out += data_json.empty() ? "{}" : data_json;
  out += '}';
  return out;
}

result<std::vector<std::string>> load_live_frames(storage::pg_connection& db, int64_t tenant_id,
                                                  int64_t after_seq) {
  auto events = storage::live_event_repo{db}.after(tenant_id, after_seq, max_replay_rows);
  if (!events) return events.error();
  std::vector<std::string> frames;
  frames.reserve(events->size());
  for (const auto& ev : *events)
    frames.push_back(live_frame(ev.seq, ev.event.type, ev.event.data_json));
  return frames;
}

caf::behavior event_bus(caf::stateful_actor<event_bus_state>* self,
                        std::shared_ptr<node_context> ctx,
                        std::shared_ptr<subscriber_registry> subscribers) {
  self->state.db = std::make_unique<db_session>(ctx->settings.database_url);
  self->state.ctx = std::move(ctx);
  self->state.subscribers = std::move(subscribers);
  self->state.pacer =
      batch_pacer{std::chrono::milliseconds(self->state.ctx->settings.live_interval_ms)};
  return {
      [self](live_event& ev) {
        auto& st = self->state;
        st.pending.push_back(std::move(ev));
        if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          // At most one publish per interval while events flow: under load the events of an
          // interval go out as one batch, so a socket costs one write per interval, not one
          // per event, and a busy cluster takes the tenant's counter row as often as one node
          // would (actors/batch_linger.hpp).
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
