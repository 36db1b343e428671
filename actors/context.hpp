#pragma once
// What every long-lived actor of a node shares: the settings, the current handles of the
// supervised actors (they change when one is restarted) and the node's counters.

#include <caf/all.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "actors/account_directory.hpp"
#include "ai/triage.hpp"
#include "common/metrics.hpp"
#include "common/secret_box.hpp"
#include "config/settings.hpp"
#include "providers/openai_client.hpp"

namespace centralita::actors {

/// Current handles of the supervised actors, by role and index. Thread-safe.
class directory {
 public:
  void set(const std::string& role, size_t index, caf::actor handle);
  caf::actor get(const std::string& role, size_t index) const;
  size_t size(const std::string& role) const;
  /// Drops every handle: detached actors are destroyed only when no handle is left.
  void clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<caf::actor>> handles_;
};

/// The supervised roles that run their safe path because they kept crashing (/readyz lists
/// them). Thread-safe; a role stays listed until the process stops.
class degraded_roles {
 public:
  /// Lists `role`; true when it was not listed yet.
  bool add(const std::string& role);
  /// The roles listed, in name order.
  std::vector<std::string> list() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> roles_;
};

/// The node's counters, shared by its actors and read by /metrics.
struct node_counters {
  metrics::counter& accepted;
  metrics::counter& duplicates;
  metrics::counter& ignored;
  metrics::counter& processed;
  metrics::counter& failed;
  metrics::counter& decided;     ///< inbound messages the AI pipeline decided for
  metrics::counter& ai_batches;  ///< batches the AI pipeline decided them in
  metrics::counter& unavailable;
  metrics::histogram& commit_latency;
  metrics::histogram& process_batch;
  std::atomic<int64_t> ingest_queue{0};   ///< webhooks waiting for a group commit
  std::atomic<int64_t> process_queue{0};  ///< accepted events not yet stored
  std::atomic<int64_t> conversations{0};  ///< live conversation actors
};

/// The current account snapshot: replaced whole, read from any thread.
class account_holder {
 public:
  /// The snapshot now (never null).
  std::shared_ptr<const account_directory> get() const;
  /// Replaces the snapshot.
  void set(std::shared_ptr<const account_directory> a);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const account_directory> accounts_ =
      std::make_shared<const account_directory>(std::vector<account>{});
};

/// Shared by all actors of one node.
struct node_context {
  config::settings settings;
  /// This node among the nodes of a cluster: a fresh UUID each start (cluster_nodes).
  std::string node_id;
  /// The nodes alive in the cluster, this one included, as of the last heartbeat (1 unless
  /// CENTRALITA_CLUSTER_PACING): batches and live-event publishes are paced by it
  /// (actors/batch_linger.hpp).
  std::atomic<int> cluster_nodes{1};
  /// The triage model every autopilot shard classifies with (loaded once, read-only).
  std::shared_ptr<const ai::triage_model> triage;
  /// The keys channel secrets are sealed with (set by node::start before any actor runs).
  std::shared_ptr<const keyring> secrets;
  /// The channel accounts with their credentials opened.
  account_holder accounts;
  directory handles;
  node_counters counters;
  /// Called when the supervisor gives up (restart intensity exceeded): stops the node.
  std::function<void()> escalate;
  /// Roles that the supervisor moved to their safe path.
  degraded_roles degraded;

  explicit node_context(config::settings s);
};

/// The gauge centralita_actor_degraded{actor="<role>"}: 1 while the role runs its safe path.
metrics::gauge& degraded_gauge(const std::string& role);

/// Moves `role` to its safe path in the eyes of /readyz and /metrics, and logs `why` the first
/// time only: a role that degrades again (another restart) says nothing more.
void mark_degraded(node_context& ctx, const std::string& role, const std::string& why);

/// Role names in the directory.
inline constexpr const char* ingest_role = "ingest";
inline constexpr const char* writer_role = "writer";
inline constexpr const char* dispatcher_role = "dispatcher";
inline constexpr const char* health_role = "health";
inline constexpr const char* db_role = "db";

/// A stable shard for a key, so that one conversation always uses the same writer.
size_t shard_of(const std::string& key, size_t shards);

}  // namespace centralita::actors
