#include "actors/node.hpp"

#include <caf/all.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "actors/autopilot.hpp"
#include "actors/call_starter.hpp"
#include "actors/context.hpp"
#include "actors/db_worker.hpp"
#include "actors/dispatcher.hpp"
#include "actors/event_bus.hpp"
#include "actors/housekeeper.hpp"
#include "actors/ingest_writer.hpp"
#include "actors/knowledge_actor.hpp"
#include "actors/knowledge_embedder.hpp"
#include "actors/live_listener.hpp"
#include "actors/media_fetcher.hpp"
#include "actors/message_writer.hpp"
#include "actors/messages.hpp"
#include "actors/outbox_sender.hpp"
#include "actors/root_supervisor.hpp"
#include "actors/routing.hpp"
#include "actors/scheduled_jobs.hpp"
#include "actors/scheduler.hpp"
#include "actors/tracking_adapter.hpp"
#include "common/log.hpp"
#include "config/secret_keys.hpp"
#include "storage/channel_credentials.hpp"
#include "storage/cluster_node_repo.hpp"
#include "storage/live_event_repo.hpp"
#include "storage/seed.hpp"
#include "vectorindex/local_embedder.hpp"

namespace centralita::actors {

namespace {
// Webhooks queued beyond this are answered 503 at once instead of waiting for a deadline.
constexpr int64_t max_ingest_queue = 50000;
constexpr auto drain_deadline = std::chrono::seconds(5);
// Workers for the API's queries: each is one PostgreSQL connection.
constexpr size_t db_workers = 3;

caf::actor_system_config make_config(const config::settings& s) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", static_cast<size_t>(s.actor_threads));
  // A shared queue with blocking waits: the work-stealing default polls with short sleeps,
  // which burned a tenth of a core while the node waited on PostgreSQL.
  cfg.set("scheduler.policy", caf::atom("sharing"));
  return cfg;
}
}  // namespace

struct node::impl {
  std::shared_ptr<node_context> ctx;
  caf::actor_system_config cfg;
  caf::actor_system system;
  caf::actor supervisor;
  std::atomic<size_t> next_worker{0};
  std::shared_ptr<subscriber_registry> subscribers = std::make_shared<subscriber_registry>();
  std::unique_ptr<live_listener> listener;
  std::shared_ptr<const vectorindex::embedder> embedder =
      std::make_shared<vectorindex::local_embedder>();
  std::function<void()> escalation;
  std::atomic<bool> draining{false};
  bool stopped = false;

  explicit impl(config::settings s)
      : ctx(std::make_shared<node_context>(std::move(s))),
        cfg(make_config(ctx->settings)),
        system(cfg) {}

  void set_accounts(std::shared_ptr<const account_directory> a) { ctx->accounts.set(std::move(a)); }

  std::vector<child_spec> children() {
    std::vector<child_spec> specs;
    auto c = ctx;
    specs.push_back(
        {dispatcher_role, 0, [c](caf::local_actor* sup) { return sup->spawn(dispatcher, c); }});
    for (int i = 0; i < ctx->settings.ingest_writers; ++i) {
      specs.push_back({ingest_role, static_cast<size_t>(i), [c](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(ingest_writer, c);
                       }});
    }
    for (int i = 0; i < ctx->settings.process_writers; ++i) {
      specs.push_back({writer_role, static_cast<size_t>(i), [c](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(message_writer, c);
                       }});
    }
    for (int i = 0; i < ctx->settings.ai_workers; ++i) {
      auto shard = static_cast<size_t>(i);
      specs.push_back({autopilot_role, shard, [c, shard](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(autopilot, c, shard);
                       }});
    }
    for (size_t i = 0; i < db_workers; ++i) {
      specs.push_back({db_role, i, [c](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(db_worker, c);
                       }});
    }
    specs.push_back({events_role, 0, [c, subs = subscribers](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(event_bus, c, subs);
                     }});
    for (int i = 0; i < ctx->settings.outbox_senders; ++i) {
      specs.push_back({outbox_role, static_cast<size_t>(i), [c](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(outbox_sender, c);
                       }});
    }
    for (int i = 0; i < ctx->settings.media_fetchers; ++i) {
      specs.push_back({media_role, static_cast<size_t>(i), [c](caf::local_actor* sup) {
                         return sup->spawn<caf::detached>(media_fetcher, c);
                       }});
    }
    specs.push_back({tracking_role, 0, [c](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(tracking_adapter, c);
                     }});
    specs.push_back({call_role, 0, [c](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(call_starter, c);
                     }});
    specs.push_back({knowledge_role, 0,
                     [c, e = embedder](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(knowledge_actor, c, e);
                     },
                     [c, e = embedder](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(degraded_knowledge_actor, c, e);
                     },
                     "snapshot files are ignored and every tenant is rebuilt from PostgreSQL"});
    specs.push_back({health_role, 0, [this, c](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(
                           housekeeper, c,
                           account_sink{[this](auto a) { set_accounts(std::move(a)); }});
                     }});
    specs.push_back({scheduler_role, 0, [c](caf::local_actor* sup) {
                       return sup->spawn<caf::detached>(scheduler, c, node_jobs(c));
                     }});
    return specs;
  }
};

// Each tenant's triage and replies ask its own LLM account (actors/autopilot.hpp, llm_for);
// the knowledge index has one embedder for every tenant, chosen by the installation's settings.
status node::configure_embedder() {
  auto e = knowledge_embedder(impl_->ctx->settings);
  if (!e) return e.error();
  impl_->embedder = std::move(*e);
  return ok_status();
}

node::node(config::settings settings) : impl_(std::make_unique<impl>(std::move(settings))) {
  auto& reg = metrics::registry::global();
  auto* c = &impl_->ctx->counters;
  reg.gauge_fn("centralita_queue_depth", "Items waiting, by queue", "queue=\"ingest\"",
               [c] { return static_cast<double>(c->ingest_queue.load()); });
  reg.gauge_fn("centralita_queue_depth", "Items waiting, by queue", "queue=\"process\"",
               [c] { return static_cast<double>(c->process_queue.load()); });
  reg.gauge_fn("centralita_conversation_actors", "Live conversation actors", "",
               [c] { return static_cast<double>(c->conversations.load()); });
}

node::~node() { shutdown(); }

status node::start() {
  auto db = storage::pg_connection::open(impl_->ctx->settings.database_url);
  if (!db) return db.error();
  if (auto s = prepare_secrets(*db); !s) return s.error();
  auto loaded = load_accounts(*db, *impl_->ctx->secrets);
  if (!loaded) return loaded.error();
  impl_->set_accounts(*loaded);
  if (impl_->ctx->settings.triage_model.empty()) {
    impl_->ctx->triage = std::make_shared<ai::triage_model>(ai::triage_model::builtin());
  } else {
    auto model = ai::triage_model::load_file(impl_->ctx->settings.triage_model);
    if (!model) return model.error();
    impl_->ctx->triage = std::make_shared<ai::triage_model>(std::move(*model));
  }

  if (auto s = configure_embedder(); !s) return s.error();
  log::info(
      "node: outbound WhatsApp sends: Builderbot conversations through {}, WhatsApp Cloud "
      "ones through {}",
      impl_->ctx->settings.builderbot_api_key.empty() ? "demo" : "builderbot",
      impl_->ctx->settings.whatsapp_cloud_access_token.empty() ? "demo" : "the Graph API");
  impl_->ctx->escalate = [this] {
    if (impl_->escalation) impl_->escalation();
  };
  // Listening before the bus stores anything: no live event of any node is missed.
  impl_->listener = std::make_unique<live_listener>(impl_->ctx->settings.database_url,
                                                    impl_->subscribers, impl_->ctx->node_id);
  if (auto s = impl_->listener->start(); !s) return s.error();
  impl_->supervisor = impl_->system.spawn(root_supervisor, impl_->ctx, impl_->children());
  // The supervisor spawns its children and registers their handles when it first runs, on a
  // scheduler thread: until it answers, the dispatcher handle may be missing.
  bool started = false;
  {
    caf::scoped_actor self{impl_->system};
    self->request(impl_->supervisor, std::chrono::seconds(10), ping_atom::value)
        .receive([&](ping_atom) { started = true; }, [](caf::error&) {});
  }
  if (!started) return make_error(errc::internal, "the supervisor did not start");

  // Alive before it accepts anything, so no other node takes its events over.
  if (auto s = renew_heartbeat(*db, *impl_->ctx); !s) return s.error();
  // Events accepted before the last stop go first, before any new webhook is taken.
  auto dispatcher = impl_->ctx->handles.get(dispatcher_role, 0);
  auto recovered = redispatch_unprocessed(*db, *impl_->ctx, dispatcher, 0);
  if (!recovered) return recovered.error();
  if (*recovered > 0) log::info("node: recovering {} accepted events", *recovered);
  return ok_status();
}

void node::submit(inbound_event event, ingest_callback done) {
  auto& counters = impl_->ctx->counters;
  if (counters.ingest_queue.load() >= max_ingest_queue) {
    done({ingest_status::overloaded, {}});
    return;
  }
  if (event.conversation_key.empty()) {
    event.conversation_key = routing_key(event.provider, event.payload, event.account_id);
  }
  // One conversation always goes through the same writer, so acceptance keeps its order.
  auto writers = impl_->ctx->handles.size(ingest_role);
  auto writer = impl_->ctx->handles.get(ingest_role, shard_of(event.conversation_key, writers));
  counters.ingest_queue.fetch_add(1);
  auto slot = std::make_shared<reply_slot>(std::move(done));
  if (!writer) {
    counters.ingest_queue.fetch_sub(1);
    slot->deliver({ingest_status::unavailable, {}});
    return;
  }
  caf::anon_send(writer, ingest_request{std::move(event), std::move(slot)});
}

void node::dispatch(storage::pending_event event) {
  auto key = routing_key(event.provider, event.payload, event.account_id);
  auto dispatcher = impl_->ctx->handles.get(dispatcher_role, 0);
  // Undispatched, it stays accepted: the housekeeper's sweep of stuck events finds it.
  if (key.empty() || !dispatcher) return;
  impl_->ctx->counters.process_queue.fetch_add(1);
  caf::anon_send(dispatcher,
                 routed_event{std::move(key), accepted_event{std::move(event), nullptr}});
}

const ai::triage_model& node::triage() const { return *impl_->ctx->triage; }

std::shared_ptr<const account_directory> node::accounts() const {
  return impl_->ctx->accounts.get();
}

status node::reload_accounts(storage::pg_connection& db) {
  auto loaded = load_accounts(db, *impl_->ctx->secrets);
  if (!loaded) return loaded.error();
  impl_->set_accounts(*loaded);
  return ok_status();
}

const keyring& node::secrets() const { return *impl_->ctx->secrets; }

// The keyring, then what older versions or SQL left in plaintext sealed, then the demo
// accounts' credentials that the environment offers and the rows lack.
status node::prepare_secrets(storage::pg_connection& db) {
  auto ring = config::load_keyring(impl_->ctx->settings);
  if (!ring) return ring.error();
  impl_->ctx->secrets = std::make_shared<const keyring>(std::move(*ring));
  auto sealed = storage::seal_plaintext_secrets(db, *impl_->ctx->secrets);
  if (!sealed) return sealed.error();
  if (*sealed > 0) log::info("node: sealed the plaintext secrets of {} account(s)", *sealed);
  return storage::seed_demo_credentials(db, impl_->ctx->settings, *impl_->ctx->secrets);
}

void node::drain() { impl_->draining = true; }
bool node::draining() const { return impl_->draining.load(); }

std::vector<std::string> node::degraded() const { return impl_->ctx->degraded.list(); }

void node::check_ready(std::function<void(bool)> done) {
  auto health = impl_->ctx->handles.get(health_role, 0);
  // If the probe is dropped (housekeeper restarting) the callback is destroyed uncalled; the
  // caller's deadline answers "not ready".
  if (!health) return done(false);
  caf::anon_send(health, ready_probe{std::make_shared<ready_callback>(std::move(done))});
}

void node::run_db(db_job job) {
  auto n = impl_->next_worker.fetch_add(1);
  auto worker = impl_->ctx->handles.get(db_role, n % db_workers);
  if (worker) caf::anon_send(worker, db_job_msg{std::make_shared<db_job>(std::move(job))});
}

uint64_t node::subscribe(int64_t tenant_id, live_batch_sink push) {
  return impl_->subscribers->add(tenant_id, std::move(push));
}

void node::publish(int64_t tenant_id, std::string type, std::string data_json) {
  if (auto bus = impl_->ctx->handles.get(events_role, 0)) {
    caf::anon_send(bus, live_event{tenant_id, std::move(type), std::move(data_json)});
  }
}

void node::unsubscribe(uint64_t id) { impl_->subscribers->remove(id); }

void node::share_presence(int64_t tenant_id, const std::string& frame) {
  // NOTIFY is sent at once, outside any transaction; the frame is small (net/presence_hub.hpp).
  run_db([payload = impl_->ctx->node_id + " " + std::to_string(tenant_id) + " " + frame](
             const std::optional<error>& failed, storage::pg_connection* db) {
    if (failed || db == nullptr) return;  // presence is best-effort: the next frame refreshes it
    (void)storage::notify_presence(*db, payload);
  });
}

void node::on_presence(std::function<void(int64_t tenant_id, const std::string& frame)> sink) {
  if (impl_->listener) impl_->listener->on_presence(std::move(sink));
}

void node::replay(int64_t tenant_id, int64_t after_seq,
                  std::function<void(std::vector<std::string>, bool)> done) {
  run_db([tenant_id, after_seq, done = std::move(done)](const std::optional<error>& err,
                                                        storage::pg_connection* db) {
    if (err || !db) return done({}, false);
    auto frames = load_live_frames(*db, tenant_id, after_seq);
    if (!frames) {
      log::warn("events: replay for tenant {} failed: {}", tenant_id, frames.error().message);
      return done({}, false);
    }
    done(std::move(*frames), true);
  });
}

void node::wake_outbox() { wake_outbox_senders(*impl_->ctx); }

void node::wake_media() { wake_media_fetchers(*impl_->ctx); }
std::shared_ptr<const vectorindex::embedder> node::embedder() const { return impl_->embedder; }

void node::search_knowledge(
    int64_t tenant_id, std::string query, int k,
    std::function<void(result<std::vector<vectorindex::search_hit>>)> done) {
  auto reply =
      std::make_shared<knowledge_reply>(std::move(done), "knowledge search is unavailable");
  auto knowledge = impl_->ctx->handles.get(knowledge_role, 0);
  // Without the actor the reply is destroyed unanswered, which answers "unavailable".
  if (knowledge) {
    caf::anon_send(knowledge,
                   knowledge_query{tenant_id, std::move(query), static_cast<int32_t>(k), reply});
  }
}

void node::start_call(int64_t tenant_id, providers::outbound_call call,
                      std::function<void(result<call_attempt>)> done) {
  auto reply = std::make_shared<call_reply>(std::move(done), "calls cannot be started now");
  // Without the actor the reply is destroyed unanswered, which answers "unavailable".
  if (auto starter = impl_->ctx->handles.get(call_role, 0)) {
    caf::anon_send(starter, call_start{tenant_id, std::move(call), std::move(reply)});
  }
}

void node::knowledge_changed(knowledge_change change) {
  auto knowledge = impl_->ctx->handles.get(knowledge_role, 0);
  // Without the actor the change is lost here, but not for long: a restarted actor rebuilds
  // from the database, which already holds it.
  if (knowledge) caf::anon_send(knowledge, std::move(change));
}

void node::on_escalation(std::function<void()> fn) { impl_->escalation = std::move(fn); }

void node::shutdown() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  if (!impl_->supervisor) return;
  auto until = std::chrono::steady_clock::now() + drain_deadline;
  while (backlog() > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (backlog() > 0) log::warn("node: stopping with {} events for another node", backlog());
  // Its queued events are the other nodes' to take over now, not when its row lapses.
  if (auto db = storage::pg_connection::open(impl_->ctx->settings.database_url)) {
    (void)storage::cluster_node_repo{*db}.leave(impl_->ctx->node_id);
  }
  caf::anon_send(impl_->supervisor, stop_atom::value);
  impl_->supervisor = caf::actor{};
  impl_->system.await_all_actors_done();
  impl_->ctx->handles.clear();
  if (impl_->listener) impl_->listener->stop();
}

int64_t node::backlog() const { return impl_->ctx->counters.process_queue.load(); }

}  // namespace centralita::actors
