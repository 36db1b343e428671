#include "actors/autopilot.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <numeric>
#include <unordered_map>

#include "actors/ai_lookups.hpp"
#include "actors/ai_outcome.hpp"
#include "actors/knowledge_actor.hpp"
#include "actors/outbox_sender.hpp"
#include "actors/tracking_adapter.hpp"
#include "common/backoff.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "providers/billing_provider.hpp"
#include "providers/openai_account.hpp"
#include "storage/ai_repo.hpp"
#include "storage/service_window.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::actors {

namespace {

using self_ptr = caf::stateful_actor<autopilot_state>*;
// Inbound messages younger than this with no decision are picked up again at start-up.
constexpr int recovery_window_s = 3600;
constexpr int recovery_batch = 500;
constexpr auto knowledge_timeout = std::chrono::milliseconds(500);
constexpr auto queued_search_share = std::chrono::milliseconds(20);
constexpr auto max_search_wait = std::chrono::milliseconds(30000);
// A passage scoring below this does not answer a question on its own (scores are in [0,1]).
constexpr double min_passage_score = 0.35;
constexpr int32_t passages_per_message = 3;
// Batches that queued up while the shard was busy go through together, up to this many messages:
// a shard that falls behind catches up with fewer, larger transactions.
constexpr size_t max_batch_items = 500;
// A tracking provider's connect and answer timeouts, and a little more.
constexpr auto lookup_timeout = std::chrono::milliseconds(15000);

void start_next(self_ptr self);

// Starts the next batch once the mailbox has been read: the batches that arrived meanwhile join
// the queue first, so a shard that fell behind takes them in one transaction.
// Work that finds the shard idle starts a batch after the pacer's wait while work keeps coming
// (actors/batch_linger.hpp; what arrives meanwhile joins it), or at once when work is already
// waiting behind the batch that just finished.
void start_soon(self_ptr self, bool linger = false) {
  auto& st = self->state;
  if (st.start_scheduled) return;
  st.start_scheduled = true;
  auto wait = linger ? st.pacer.wait_before_batch(batch_pacer::clock::now(), st.ctx->cluster_nodes)
                     : batch_pacer::clock::duration::zero();
  if (wait == wait.zero()) {
    self->send(self, flush_atom::value);
  } else {
    self->delayed_send(self, wait, flush_atom::value);
  }
}

void retry_later(self_ptr self) {
  auto& st = self->state;
  st.busy = false;
  st.work.clear();
  ++st.failures;
  auto delay =
      exponential_backoff(std::chrono::milliseconds(100), std::chrono::seconds(5), st.failures + 1);
  self->delayed_send(self, delay, retry_atom::value);
}

// Triage, settings, facts and the policy's decision for every message of the batch.
result<std::vector<ai_work>> prepare(self_ptr self, storage::pg_connection& db,
                                     const ai_batch& batch) {
  auto& st = self->state;
  storage::ai_repo repo{db};
  std::unordered_map<int64_t, ai::policy_settings> settings;
  std::unordered_map<int64_t, std::vector<int64_t>> conversations;
  for (const auto& item : batch.items)
    conversations[item.tenant_id].push_back(item.conversation_id);
  std::unordered_map<int64_t, storage::conversation_facts_row> facts;
  for (auto& [tenant, ids] : conversations) {
    auto stored = repo.settings(tenant);
    if (!stored) return stored.error();
    settings[tenant] = policy_from_stored(*stored);
    auto rows = repo.facts(tenant, ids);
    if (!rows) return rows.error();
    for (auto& f : *rows) facts[f.conversation_id] = std::move(f);
  }
  std::vector<ai_work> out;
  out.reserve(batch.items.size());
  for (const auto& item : batch.items) {
    auto f = facts.find(item.conversation_id);
    if (f == facts.end()) continue;  // gone (should not happen: conversations are not deleted)
    ai_work w;
    w.item = item;
    // With an LLM configured this blocks on it (bounded by OPENAI_TIMEOUT_MS): this actor
    // is detached, so only this shard waits.
    auto* llm = llm_for(st, item.tenant_id);
    llm_breaker no_llm;
    auto triaged = classify_assisted(llm ? llm->client.get() : nullptr, *st.ctx->triage, item.text,
                                     llm ? llm->breaker : no_llm);
    w.triage = std::move(triaged.triage);
    w.llm_note = std::move(triaged.note);
    if (!triaged.code.empty()) w.llm_codes.push_back(std::move(triaged.code));
    w.settings = settings[item.tenant_id];
    w.customer_id = f->second.customer_id;
    w.customer_name = f->second.customer_name;
    w.bot_active = f->second.bot_active;
    w.decision = ai::decide(w.triage, w.settings, ai::conversation_facts{w.bot_active});
    // A hand-off quiets the bot for the conversation's next messages in this batch too.
    if (w.decision.pauses_bot) f->second.bot_active = false;
    out.push_back(std::move(w));
  }
  return out;
}

// The draft quotes that the fresh QUOTE decisions among `which` ask for, with one call, in the
// caller's transaction (the billing provider writes them with the same connection).
status draft_quotes(providers::billing_provider& billing, const std::vector<ai_work>& work,
                    const std::vector<storage::applied_decision>& applied,
                    const std::vector<size_t>& which,
                    std::vector<std::optional<storage::quote_record>>& quotes) {
  std::vector<storage::new_quote> drafts;
  std::vector<size_t> drafted;
  for (size_t i : which) {
    quotes[i].reset();
    if (!applied[i].fresh) continue;
    auto draft = quote_draft(work[i]);
    if (!draft) continue;
    drafts.push_back(std::move(*draft));
    drafted.push_back(i);
  }
  if (drafts.empty()) return ok_status();
  auto created = billing.create_quotes(drafts);
  if (!created) return created.error();
  for (size_t k = 0; k < drafted.size(); ++k) quotes[drafted[k]] = std::move((*created)[k]);
  return ok_status();
}

// The knowledge actor answers searches one after another, so a batch's search also waits for
// the `ahead` sent before it: each of those adds its share, up to a bound for the whole batch.
std::chrono::milliseconds search_timeout(const node_context& ctx, size_t ahead) {
  auto first = knowledge_timeout;
  auto each = queued_search_share;
  if (ctx.settings.embedder == "openai") {
    // A remote embedder embeds each question over the network first.
    each = std::chrono::milliseconds(ctx.settings.openai_timeout_ms);
    first += each;
  }
  return std::min<std::chrono::milliseconds>(first + each * static_cast<int64_t>(ahead),
                                             max_search_wait);
}

// Every draft carries the best grounded content (docs/architecture.md §AI), a hand-off's quiet
// decision included: passages for the categories a passage can answer or stand in for.
bool wants_passages(const ai_work& w) {
  const auto& c = w.triage.category;
  return c == "INFO" || c == "OTHER" || c == "BILLING" || c == "QUOTE";
}

// The LLM's grounded answers for INFO messages with a passage good enough to quote.
void draft_with_llm(autopilot_state& st) {
  for (auto& w : st.work) {
    if (w.triage.category != "INFO" || w.llm_answer) continue;
    auto* llm = llm_for(st, w.item.tenant_id);
    if (llm == nullptr) continue;
    auto drafted = draft_assisted(*llm->client, w.item.text, w.triage, w.customer_name, w.passages,
                                  min_passage_score, llm->breaker);
    w.llm_answer = std::move(drafted.text);
    if (!drafted.code.empty()) w.llm_codes.push_back(std::move(drafted.code));
    if (drafted.note.empty()) continue;
    w.llm_note += (w.llm_note.empty() ? "" : " ") + drafted.note;
  }
}

// How long the front batch spent in the stage that ends now
// (centralita_ai_stage_seconds{stage}): preparing it (triage, policy, the conversations' facts),
// waiting for the answers it asked for (knowledge passages, tracking look-ups), storing it.
void stage_done(autopilot_state& st, const char* stage) {
  auto& seconds = metrics::registry::global().get_histogram(
      "centralita_ai_stage_seconds", "Time one batch of the AI pipeline spent in a stage",
      std::string{"stage=\""} + stage + "\"");
  auto now = std::chrono::steady_clock::now();
  seconds.observe(std::chrono::duration<double>(now - st.stage_at).count());
  st.stage_at = now;
}

// Records and carries out every decision of the prepared batch in one transaction; a failure
// that is not an outage is isolated to its message, which is logged and skipped.
void apply_all(self_ptr self) {
  auto& st = self->state;
  stage_done(st, "answers");
  draft_with_llm(st);
  auto conn = st.db->get();
  if (!conn) return retry_later(self);
  auto& db = **conn;
  storage::ai_repo repo{db, st.ctx->settings.presence_away_s};
  // A number the tracking adapter found or registered meanwhile is read again.
  if (!read_shipments(st, db, [](const ai_work& w) { return w.reread_shipment; })) {
    return retry_later(self);
  }
  if (!read_invoices(st, repo)) return retry_later(self);
  std::vector<storage::decision_record> records;
  records.reserve(st.work.size());
  for (auto& w : st.work) {
    records.push_back(make_record(w, min_passage_score));
    if (records.back().reply) {
      auto window = storage::service_window_of(db, w.item.tenant_id, w.item.conversation_id);
      if (!window) {
        st.db->on_error(window.error());
        return retry_later(self);
      }
      if (!window->open) hold_for_template(records.back());
    }
  }
  auto billing = providers::make_billing_provider(db);
  std::vector<storage::applied_decision> applied;
  std::vector<std::optional<storage::quote_record>> quotes(records.size());
  auto all = storage::in_transaction(db, [&]() -> status {
    auto done = repo.apply_all(records);
    if (!done) return done.error();
    applied = std::move(*done);
    std::vector<size_t> every(records.size());
    std::iota(every.begin(), every.end(), size_t{0});
    return draft_quotes(*billing, st.work, applied, every, quotes);
  });
  if (!all) {
    st.db->on_error(all.error());
    if (all.error().code == errc::unavailable) {
      log::warn("autopilot: batch of {} not decided: {}", records.size(), all.error().message);
      return retry_later(self);
    }
    log::error("autopilot: batch of {} failed, isolating: {}", records.size(), all.error().message);
    applied.assign(records.size(), storage::applied_decision{});
    for (size_t i = 0; i < records.size(); ++i) {
      auto one = storage::in_transaction(db, [&]() -> status {
        auto a = repo.apply(records[i]);
        if (!a) return a.error();
        applied[i] = *a;
        return draft_quotes(*billing, st.work, applied, {i}, quotes);
      });
      if (!one) {
        applied[i] = storage::applied_decision{};
        quotes[i].reset();
        log::error("autopilot: message {} not decided: {}", records[i].message_id,
                   one.error().message);
      }
    }
  }
  auto bus = st.ctx->handles.get(events_role, 0);
  bool replied = false;
  for (size_t i = 0; i < records.size(); ++i) {
    if (applied[i].fresh) st.ctx->counters.decided.inc();
    replied = replied || applied[i].reply_message_id.has_value() || applied[i].blacklist_queued;
    if (!bus) continue;
    for (auto& ev : decision_events(records[i], applied[i])) self->send(bus, std::move(ev));
    if (quotes[i]) {
      self->send(
          bus, live_event{records[i].tenant_id, "quote.created", storage::quote_json(*quotes[i])});
    }
  }
  if (replied) wake_outbox_senders(*st.ctx);
  st.ctx->counters.ai_batches.inc();
  stage_done(st, "store");
  st.queue.pop_front();
  st.work.clear();
  st.busy = false;
  st.failures = 0;
  start_soon(self);
}

// Asks the tracking adapter about a number no stored shipment matches, before the customer is
// asked for it again (it may register the number with the provider and store the shipment).
void look_up_number(self_ptr self, size_t i, std::function<void()> done) {
  auto& st = self->state;
  auto tracking = st.ctx->handles.get(tracking_role, 0);
  auto& w = st.work[i];
  if (!tracking) return done();
  shipment_lookup req;
  req.shipment.tenant_id = w.item.tenant_id;
  req.shipment.tracking_number = tracking_key(w.triage);
  req.shipment.order_number = w.triage.entities.order_number;
  req.shipment.conversation_id = w.item.conversation_id;
  req.may_register = !w.triage.entities.tracking_number.empty();
  self->request(tracking, lookup_timeout, std::move(req))
      .then(
          [self, i, done](bool found) {
            auto& w = self->state.work[i];
            if (found) {
              w.reread_shipment = true;
            } else {
              w.lookup = ai::number_lookup::not_found;
            }
            done();
          },
          [done](caf::error&) { done(); });
}

// Finds the stored shipments, asks the tracking adapter about unknown numbers and the knowledge
// actor for passages where a reply or draft would quote one; applies the batch when every
// answer (or timeout) is in.
void search_then_apply(self_ptr self) {
  auto& st = self->state;
  auto conn = st.db->get();
  if (!conn) return retry_later(self);
  if (!find_shipments(st, **conn)) return retry_later(self);
  auto knowledge = st.ctx->handles.get(knowledge_role, 0);
  // One more than the requests, released after they are all sent: no answer applies early.
  st.waiting = 1;
  auto done = [self] {
    if (--self->state.waiting == 0) apply_all(self);
  };
  for (size_t i = 0; i < st.work.size(); ++i) {
    if (st.work[i].triage.category != "TRACKING" || st.work[i].shipment ||
        st.work[i].lookup == ai::number_lookup::none) {
      continue;
    }
    ++st.waiting;
    look_up_number(self, i, done);
  }
  size_t searches = 0;
  for (size_t i = 0; knowledge && i < st.work.size(); ++i) {
    if (!wants_passages(st.work[i])) continue;
    auto timeout = search_timeout(*st.ctx, searches++);
    ++st.waiting;
    const auto& item = st.work[i].item;
    self->request(knowledge, timeout, knowledge_search_atom::value, item.tenant_id, item.text,
                  passages_per_message)
        .then(
            [self, i, done](std::vector<vectorindex::search_hit>& hits) {
              auto& w = self->state.work[i];
              for (auto& h : hits) {
                w.passages.push_back(
                    {h.article_id, std::move(h.title), std::move(h.chunk), h.score});
              }
              done();
            },
            [done](caf::error&) { done(); });
  }
  done();
}

// Joins the batches queued behind the front one into it, in order, up to max_batch_items.
void join_queued(autopilot_state& st) {
  ai_batch joined = std::move(st.queue.front());
  st.queue.pop_front();
  while (!st.queue.empty() &&
         joined.items.size() + st.queue.front().items.size() <= max_batch_items) {
    auto& next = st.queue.front().items;
    joined.items.insert(joined.items.end(), std::make_move_iterator(next.begin()),
                        std::make_move_iterator(next.end()));
    st.queue.pop_front();
  }
  st.queue.push_front(std::move(joined));
}

void start_next(self_ptr self) {
  auto& st = self->state;
  if (st.busy || st.queue.empty()) return;
  join_queued(st);
  auto conn = st.db->get();
  if (!conn) return retry_later(self);
  st.stage_at = std::chrono::steady_clock::now();
  auto work = prepare(self, **conn, st.queue.front());
  if (!work) {
    st.db->on_error(work.error());
    if (work.error().code == errc::unavailable) return retry_later(self);
    log::error("autopilot: batch dropped: {}", work.error().message);
    st.queue.pop_front();
    return start_next(self);
  }
  st.busy = true;
  st.work = std::move(*work);
  st.pacer.batch_started(st.work.size(), st.stage_at);
  stage_done(st, "prepare");
  search_then_apply(self);
}

// Messages stored before a crash but never decided: queued ahead of anything new.
void recover(self_ptr self) {
  auto& st = self->state;
  auto conn = st.db->get();
  if (!conn) return;
  // From the settings, not the directory: the other shards may not be registered yet.
  auto shards = static_cast<size_t>(std::max(1, st.ctx->settings.ai_workers));
  auto found = storage::ai_repo{**conn}.undecided(
      static_cast<int>(st.shard), static_cast<int>(shards), recovery_window_s, recovery_batch);
  if (!found) return log::warn("autopilot: recovery failed: {}", found.error().message);
  if (found->empty()) return;
  ai_batch batch{std::move(*found)};
  log::info("autopilot#{}: {} undecided message(s) picked up", st.shard, batch.items.size());
  st.queue.push_back(std::move(batch));
}

}  // namespace

autopilot_state::account_llm* llm_for(autopilot_state& st, int64_t tenant_id) {
  auto accounts = st.ctx->accounts.get();
  for (const auto* a : accounts->of_tenant(tenant_id, "openai")) {
    if (a->credential("api_key").empty()) continue;
    auto& slot = st.llms[a->id];
    if (slot.fingerprint != a->fingerprint) {
      slot = autopilot_state::account_llm{};
      slot.fingerprint = a->fingerprint;
      auto config = providers::openai_config_for(st.ctx->settings, a->credentials);
      if (config) {
        slot.client = std::make_unique<providers::openai_client>(std::move(*config));
      } else {
        log::warn("autopilot#{}: LLM account {} unusable: {}", st.shard, a->name,
                  config.error().message);
      }
    }
    return slot.client ? &slot : nullptr;
  }
  return nullptr;
}

caf::behavior autopilot(caf::stateful_actor<autopilot_state>* self,
                        std::shared_ptr<node_context> ctx, size_t shard) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.shard = shard;
  st.db = std::make_unique<db_session>(st.ctx->settings.database_url);
  recover(self);
  start_next(self);
  return {
      [self](ai_batch& batch) {
        auto& st = self->state;
        st.queue.push_back(std::move(batch));
        start_soon(self, !st.busy && st.queue.size() == 1);
      },
      [self](flush_atom) {
        self->state.start_scheduled = false;
        start_next(self);
      },
      [self](retry_atom) { start_next(self); },
  };
}

}  // namespace centralita::actors
