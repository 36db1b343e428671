#pragma once
// The live event bus: a detached actor with its own PostgreSQL connection that stores the
// dashboard events of each tenant (storage/live_event_repo.hpp: one statement per batch, which
// also takes their `seq` from the tenant's counter row and NOTIFYs the other nodes) and, after
// the commit,
// hands their frames to the tenant's subscribers, encoded once. Subscribers live in a registry
// outside the actor, so they survive a restart of the bus; the registry also takes the batches
// the live listener (live_listener.hpp) reads back from other nodes, and fans out each seq once,
// in order (docs/architecture.md, "Cluster").

#include <caf/all.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/batch_linger.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "common/live_batch.hpp"

namespace centralita::actors {

/// The directory role of the bus.
inline constexpr const char* events_role = "events";

/// One dashboard event before it is numbered; `data_json` is a JSON object.
struct live_event {
  int64_t tenant_id = 0;
  std::string type;
  std::string data_json;
};

/// The subscribers of every tenant. Thread-safe.
///
/// One batch of a tenant is fanned out at a time: the next waits until every subscriber has
/// dropped the token of the one before, and batches published meanwhile go out joined as one.
/// So under load the batches grow instead of the hand-offs multiplying (a socket costs one
/// hand-off and one write per batch, whatever its size), and each subscriber still sees every
/// batch in seq order.
class subscriber_registry : public std::enable_shared_from_this<subscriber_registry> {
 public:
  /// Adds a subscriber of `tenant_id`; the id is for remove().
  uint64_t add(int64_t tenant_id, live_batch_sink sink);
  void remove(uint64_t id);
  /// Hands the events of `batch` after the tenant's fanned-out seq to every subscriber of
  /// `tenant_id`, now or after the fan-out under way. A batch that starts past the next seq
  /// (another node's events come between) is dropped unless `read_back` (it was read from the
  /// store, where nothing below is missing): the listener reads the whole run back in order.
  void publish(int64_t tenant_id, live_batch_ptr batch, bool read_back = false);
  /// Takes `highest` (tenant, highest stored seq) and gives the tenants whose events after
  /// their fanned-out seq must be read back (tenant, that seq). A tenant without subscribers
  /// has nobody to send them to: its fanned-out seq moves up at once.
  std::vector<std::pair<int64_t, int64_t>> behind(
      const std::vector<std::pair<int64_t, int64_t>>& highest);

 private:
  using sink_list = std::vector<std::shared_ptr<live_batch_sink>>;
  struct tenant_subs {
    std::unordered_map<uint64_t, std::shared_ptr<live_batch_sink>> by_id;
    std::shared_ptr<const sink_list> snapshot;  ///< by_id's sinks; rebuilt after a change
  };
  struct tenant_gate {
    bool busy = false;                    ///< a fan-out of this tenant is under way
    std::vector<live_batch_ptr> waiting;  ///< published since, in order
  };
  void fan_out(int64_t tenant_id, const live_batch_ptr& batch);
  void on_taken(int64_t tenant_id);
  /// The tenant's sinks as of now (the caller holds mutex_).
  std::shared_ptr<const sink_list> sinks_of(int64_t tenant_id);

  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, int64_t> tenant_of_;  ///< subscriber id → its tenant
  std::unordered_map<int64_t, tenant_subs> subs_;
  std::unordered_map<int64_t, tenant_gate> gates_;
  std::unordered_map<int64_t, int64_t> fanned_;  ///< each tenant's highest seq handed out
};

/// The exact frame text of a numbered event.
std::string live_frame(int64_t seq, const std::string& type, const std::string& data_json);

/// The numbered events of `tenant_id` after `after_seq`, as frames in seq order.
result<std::vector<std::string>> load_live_frames(storage::pg_connection& db, int64_t tenant_id,
                                                  int64_t after_seq);

/// Events waiting for the next INSERT.
struct event_bus_state {
  std::shared_ptr<node_context> ctx;
  std::shared_ptr<subscriber_registry> subscribers;
  std::unique_ptr<db_session> db;
  std::vector<live_event> pending;
  std::map<int64_t, int64_t> since_prune;  ///< inserts per tenant since the last prune
  bool flush_scheduled = false;
  batch_pacer pacer;  ///< lingers settings.live_interval_ms between publishes while events flow
};

/// Spawn with `caf::detached`.
caf::behavior event_bus(caf::stateful_actor<event_bus_state>* self,
                        std::shared_ptr<node_context> ctx,
                        std::shared_ptr<subscriber_registry> subscribers);

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::live_event)
