#pragma once
// A Centralita node: the actor system and its supervised actors, behind a plain interface that
// the networking layer calls from its I/O threads without ever blocking.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/account_directory.hpp"
#include "actors/inbound.hpp"
#include "actors/knowledge_change.hpp"
#include "common/live_batch.hpp"
#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "config/settings.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::ai {
class triage_model;
}

namespace centralita::providers {
struct outbound_call;
}

namespace centralita::storage {
class pg_connection;
struct pending_event;
}  // namespace centralita::storage

namespace centralita::actors {

struct call_attempt;

/// A job for a database worker: called once with a connection, or with the error that kept
/// the worker from getting one (then the connection is null).
using db_job = std::function<void(const std::optional<error>&, storage::pg_connection*)>;

/// Owns the actor system. Start once, then submit from any thread; shut down once.
class node {
 public:
  explicit node(config::settings settings);
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  /// Loads the accounts, spawns the supervised actors and re-dispatches the events accepted
  /// but not processed before the last stop. Fails when the database is unreachable.
  status start();

  /// Makes a webhook durable; `done` is called exactly once, from an actor thread.
  void submit(inbound_event event, ingest_callback done);

  /// Hands an accepted event (a replayed one) to its conversation for processing.
  void dispatch(storage::pending_event event);

  /// The triage model the pipeline uses (valid after start()).
  const ai::triage_model& triage() const;

  /// The current channel accounts (never null after start()).
  std::shared_ptr<const account_directory> accounts() const;
  /// Reloads the accounts now (after a change through the API) instead of at the next tick.
  status reload_accounts(storage::pg_connection& db);
  /// The keys channel secrets are sealed with (valid after start()).
  const keyring& secrets() const;

  /// Runs `job` on a database worker, off the caller's thread. If the worker is gone the job is
  /// dropped uncalled: callers keep their own deadline.
  void run_db(db_job job);

  /// Asks whether the database answers; `done` is called exactly once.
  void check_ready(std::function<void(bool)> done);

  /// Starts a drain (SIGTERM, docs/architecture.md "Cluster"): /readyz answers 503 from now on,
  /// so that load balancers send nothing new to this node.
  void drain();
  bool draining() const;

  /// The roles running their safe path because they kept crashing (see root_supervisor.hpp),
  /// in name order; empty while all is well.
  std::vector<std::string> degraded() const;

  /// Announces a dashboard event of `tenant_id` (`data_json` is a JSON object) after a change
  /// the caller has committed; numbered and fanned out by the event bus.
  void publish(int64_t tenant_id, std::string type, std::string data_json);

  /// Subscribes to the live events of `tenant_id`: `push` gets each batch of frames
  /// (`{"seq":N,"type":...,"data":{...}}`, in seq order) after their commit, from the bus's
  /// thread or the thread that finished the previous fan-out, so it must only enqueue the batch
  /// and drop its `taken` token soon after (the tenant's next batch waits for every token).
  /// Returns the id for unsubscribe().
  uint64_t subscribe(int64_t tenant_id, live_batch_sink push);
  /// Ends a subscription; a publish already under way may still call `push` once more, so
  /// `push` should hold only weak references.
  void unsubscribe(uint64_t id);
  /// The stored frames of `tenant_id` with seq > `after_seq`, in seq order; `done` is called at
  /// most once, from a database worker (ok false when the database failed). If the worker is
  /// gone it is not called: callers keep their own deadline.
  void replay(int64_t tenant_id, int64_t after_seq,
              std::function<void(std::vector<std::string> frames, bool ok)> done);

  /// Hands a presence frame of a socket of this node (net/presence_hub.hpp) to the other nodes
  /// (NOTIFY, live-only, best-effort). Never blocks.
  void share_presence(int64_t tenant_id, const std::string& frame);
  /// Where the other nodes' presence frames go (this node's sockets of the tenant); an empty
  /// function stops them. Called from the live listener's thread.
  void on_presence(std::function<void(int64_t tenant_id, const std::string& frame)> sink);

  /// Tells the outbox senders that rows were enqueued; call after the commit. Never blocks.
  void wake_outbox();
  /// Tells the media fetchers that rows are due (a retry); call after the commit. Never blocks.
  void wake_media();
  /// The embedder of knowledge articles: a write embeds its chunks with it before storing them.
  std::shared_ptr<const vectorindex::embedder> embedder() const;
  /// Searches the tenant's knowledge base; `done` is called exactly once, from the knowledge
  /// actor (errc::unavailable when it is down or restarting).
  void search_knowledge(int64_t tenant_id, std::string query, int k,
                        std::function<void(result<std::vector<vectorindex::search_hit>>)> done);
  /// Asks the call starter to start `call` through the tenant's ElevenLabs account; `done` is
  /// called exactly once, from the starter (errc::unavailable when it is down or restarting).
  void start_call(int64_t tenant_id, providers::outbound_call call,
                  std::function<void(result<call_attempt>)> done);
  /// Hands a committed article change to the search index. Send it before answering the
  /// write: a search that follows the answer then finds the index updated.
  void knowledge_changed(knowledge_change change);

  /// Called (from an actor thread) when the supervisor gives up; the owner should shut down.
  void on_escalation(std::function<void()> fn);

  /// Waits (a bounded time) for accepted events to be stored, then stops every actor.
  void shutdown();

  /// Accepted events not yet stored (for tests and metrics).
  int64_t backlog() const;

 private:
  status prepare_secrets(storage::pg_connection& db);
  /// The knowledge index's embedder (knowledge_embedder.hpp).
  status configure_embedder();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace centralita::actors
