#pragma once
// The knowledge actor: a detached actor (FAISS and libpq never run on the shared scheduler) that
// owns every tenant's knowledge_index. At start each tenant's index is loaded from its snapshot
// and patched with what changed in PostgreSQL meanwhile, or rebuilt from the vectors stored there
// (knowledge_snapshot.hpp); chunks without a vector of this embedder are embedded and stored
// first. It answers searches and applies committed article changes, in mailbox order, so a
// search sent after a write's answer sees the write. Every few seconds it compares each tenant's
// published articles in the database with its index and patches a tenant that differs (articles
// imported by `centralita kb import` while the server runs), and writes the snapshot of a tenant
// whose index changed and has then been quiet for half a minute. Nothing it does may throw out of
// a handler or out of its start: a load that throws is retried from PostgreSQL alone, without
// snapshot files.
//
// Messages:
//   (knowledge_search_atom, int64_t tenant_id, std::string query, int32_t k)
//       -> std::vector<vectorindex::search_hit>      (for other actors: autopilot INFO replies)
//   knowledge_query  -> calls its callback            (for the networking layer, no waiting)
//   knowledge_change -> updates the tenant's index    (after a committed write)

#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/knowledge_change.hpp"
#include "actors/knowledge_snapshot.hpp"
#include "actors/once_reply.hpp"
#include "common/result.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/knowledge_index.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::actors {

/// The directory role of the knowledge actor.
inline constexpr const char* knowledge_role = "knowledge";

/// A search's answer: the hits, or errc::unavailable when the query was dropped.
using knowledge_reply = once_reply<std::vector<vectorindex::search_hit>>;

/// A search from the networking layer.
struct knowledge_query {
  int64_t tenant_id = 0;
  std::string query;
  int32_t k = 5;
  std::shared_ptr<knowledge_reply> reply;
};

/// Every tenant's index and the newest version applied of each article.
struct knowledge_state {
  std::shared_ptr<node_context> ctx;
  std::shared_ptr<const vectorindex::embedder> embedder;
  std::unique_ptr<db_session> db;
  std::map<int64_t, tenant_index> tenants;
  /// Tenants whose snapshot is behind their index, with the time of their last change.
  std::map<int64_t, std::chrono::steady_clock::time_point> unsaved;
  /// The database's identity, read at load: snapshots are checked against it and stamped with
  /// it. Without it no snapshot is read or written.
  std::optional<storage::database_identity> identity;
  /// False in the degraded mode, and after a load that threw: snapshot files are not read.
  bool use_snapshots = true;
  int failed_loads = 0;  ///< loads without snapshots that threw, for their backoff
  bool loaded = false;
};

/// Spawn with `caf::detached`.
caf::behavior knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                              std::shared_ptr<node_context> ctx,
                              std::shared_ptr<const vectorindex::embedder> embedder);

/// The knowledge actor's safe path, which the supervisor starts instead of knowledge_actor once
/// that one keeps crashing: it never reads a snapshot file and rebuilds every tenant from
/// PostgreSQL, then writes fresh snapshots over the suspect ones. Searches answer as usual, only
/// the start is slower, which a helpdesk agent notices far less than a search that answers 503
/// or, worse, an empty list that looks like "no article covers this". Spawn with
/// `caf::detached`.
caf::behavior degraded_knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                                       std::shared_ptr<node_context> ctx,
                                       std::shared_ptr<const vectorindex::embedder> embedder);

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::knowledge_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::knowledge_change)
