#include "actors/ingest_writer.hpp"

#include <chrono>

#include "common/ids.hpp"
#include "common/log.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<ingest_writer_state>*;

void answer_all(ingest_writer_state& st, std::vector<ingest_request>& batch, ingest_status s) {
  for (auto& req : batch) req.reply->deliver({s, {}});
  st.ctx->counters.unavailable.inc(batch.size());
}

// After a group's statement failed: each event alone, so that one bad event is refused (an
// empty event id) and the others go through. An outage still fails the whole group.
result<std::vector<storage::ingest_decision>> record_each(
    ingest_writer_state& st, storage::event_log_repo& repo,
    const std::vector<storage::ingest_row>& rows) {
  std::vector<storage::ingest_decision> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto one = repo.record_batch({rows[i]}, st.ctx->settings.idempotency_window_s, st.ctx->node_id);
    if (one) {
      out[i] = one->front();
      continue;
    }
    if (one.error().code == errc::unavailable) return one.error();
    log::warn("ingest: event of tenant {} refused: {}", rows[i].tenant_id, one.error().message);
  }
  return out;
}

// Records the batch in one statement, answers each webhook, then routes the new events.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty()) return;
  std::vector<ingest_request> batch;
  batch.swap(st.pending);
  st.ctx->counters.ingest_queue.fetch_sub(static_cast<int64_t>(batch.size()));

  auto conn = st.db->get();
  if (!conn) {
    answer_all(st, batch, ingest_status::unavailable);
    return;
  }
  std::vector<storage::ingest_row> rows;
  rows.reserve(batch.size());
  for (const auto& req : batch) {
    const auto& ev = req.event;
    rows.push_back({new_uuid(), ev.tenant_id, ev.account_id, ev.provider, ev.event_name,
                    ev.idempotency_key, ev.key_expires, ev.payload, ev.ignored,
                    ev.conversation_key});
  }
  auto started = std::chrono::steady_clock::now();
  storage::event_log_repo repo{**conn};
  auto decisions = repo.record_batch(rows, st.ctx->settings.idempotency_window_s, st.ctx->node_id);
  st.ctx->counters.commit_latency.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!decisions && decisions.error().code != errc::unavailable) {
    // A bad event fails alone: the others of the group are recorded one by one.
    log::warn("ingest: batch of {} not recorded ({}), recording one by one", batch.size(),
              decisions.error().message);
    decisions = record_each(st, repo, rows);
  }
  if (!decisions) {
    log::warn("ingest: batch of {} not recorded: {}", batch.size(), decisions.error().message);
    st.db->on_error(decisions.error());
    answer_all(st, batch, ingest_status::unavailable);
    return;
  }

  auto dispatcher = st.ctx->handles.get(dispatcher_role, 0);
  std::vector<storage::suppressed_row> suppressed;
  for (size_t i = 0; i < batch.size(); ++i) {
    const auto& d = (*decisions)[i];
    auto& req = batch[i];
    if (d.event_id.empty()) {
      req.reply->deliver({ingest_status::rejected, {}});
      continue;
    }
    if (!d.is_new) {
      st.ctx->counters.duplicates.inc();
      req.reply->deliver({ingest_status::duplicate, d.event_id});
      if (rows[i].key_expires) suppressed.push_back({std::move(rows[i]), d.event_id});
      continue;
    }
    if (req.event.ignored) {
      st.ctx->counters.ignored.inc();
      req.reply->deliver({ingest_status::ignored, d.event_id});
      continue;
    }
    st.ctx->counters.accepted.inc();
    req.reply->deliver({ingest_status::accepted, d.event_id});
    st.ctx->counters.process_queue.fetch_add(1);
    accepted_event ev{{d.event_id, d.seq, req.event.tenant_id, req.event.account_id,
                       req.event.provider, req.event.event_name, std::move(req.event.payload)},
                      std::move(req.event.message)};
    // A dispatcher that is restarting drops this; recovery finds the event in the log later.
    self->send(dispatcher, routed_event{std::move(req.event.conversation_key), std::move(ev)});
  }
  // After the answers: the log of what was suppressed is for people, never a reason to make a
  // provider retry (docs/contract.md §Webhooks).
  if (auto s = repo.record_suppressed(suppressed, st.ctx->settings.idempotency_window_s); !s) {
    log::warn("ingest: {} suppressed duplicate(s) not logged: {}", suppressed.size(),
              s.error().message);
  }
}

}  // namespace

caf::behavior ingest_writer(caf::stateful_actor<ingest_writer_state>* self,
                            std::shared_ptr<node_context> ctx) {
  self->state.db = std::make_unique<db_session>(ctx->settings.database_url);
  self->state.ctx = std::move(ctx);
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    // Answer what is queued before leaving, so no webhook waits for its deadline.
    auto& st = self->state;
    st.ctx->counters.ingest_queue.fetch_sub(static_cast<int64_t>(st.pending.size()));
    answer_all(st, st.pending, ingest_status::unavailable);
    st.pending.clear();
    self->quit(msg.reason);
  });
  return {
      [self](ingest_request& req) {
        auto& st = self->state;
        st.pending.push_back(std::move(req));
        if (st.pending.size() >= static_cast<size_t>(st.ctx->settings.ingest_batch_max)) {
          flush(self);
        } else if (!st.flush_scheduled) {
          // Everything already in the mailbox joins this batch: the flush comes after it.
          st.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
      },
      [self](flush_atom) { flush(self); },
      [self](crash_atom) { throw std::runtime_error("ingest writer: crash requested"); },
  };
}

}  // namespace centralita::actors
