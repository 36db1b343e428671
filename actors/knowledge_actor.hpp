#pragma once
// The knowledge actor: a detached actor (FAISS and libpq never run on the shared scheduler) that
// owns every tenant's knowledge_index. At start it rebuilds them from PostgreSQL, embedding and
// storing the chunks of articles that have none yet (the seeded ones) or that were embedded by
// another embedder. It answers searches and applies committed article changes, in mailbox
// order, so a search sent after a write's answer sees the write. Every few seconds it compares
// each tenant's published articles in the database with its index and reloads a tenant that
// differs (articles imported by `centralita kb import` while the server runs).
//
// Messages:
//   (knowledge_search_atom, int64_t tenant_id, std::string query, int32_t k)
//       -> std::vector<vectorindex::search_hit>      (for other actors: autopilot INFO replies)
//   knowledge_query  -> calls its callback            (for the networking layer, no waiting)
//   knowledge_change -> updates the tenant's index    (after a committed write)

#include <caf/all.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/knowledge_change.hpp"
#include "common/result.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/knowledge_index.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::actors {

/// The directory role of the knowledge actor.
inline constexpr const char* knowledge_role = "knowledge";

/// Receives search results; called exactly once, from the actor's thread (or from wherever the
/// query is dropped, with errc::unavailable).
using knowledge_callback = std::function<void(result<std::vector<vectorindex::search_hit>>)>;

/// Calls its callback exactly once: with the results, or errc::unavailable when destroyed
/// unanswered (a query dropped by a dead or restarting actor).
class knowledge_reply {
 public:
  explicit knowledge_reply(knowledge_callback fn) : fn_(std::move(fn)) {}
  knowledge_reply(const knowledge_reply&) = delete;
  knowledge_reply& operator=(const knowledge_reply&) = delete;
  ~knowledge_reply();
  void deliver(result<std::vector<vectorindex::search_hit>> r);

 private:
  knowledge_callback fn_;
};

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
  std::map<int64_t, vectorindex::knowledge_index> indexes;
  std::map<std::pair<int64_t, int64_t>, int> versions;  ///< (tenant, article) -> version
  bool loaded = false;
};

/// Spawn with `caf::detached`.
caf::behavior knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                              std::shared_ptr<node_context> ctx,
                              std::shared_ptr<const vectorindex::embedder> embedder);

/// Builds the indexes of every tenant (or one) from the database: what start-up does. Chunks
/// without a vector of this embedder are embedded and stored first. Returns chunks indexed.
result<size_t> load_knowledge(storage::pg_connection& db, const vectorindex::embedder& e,
                              std::map<int64_t, vectorindex::knowledge_index>& indexes,
                              std::map<std::pair<int64_t, int64_t>, int>& versions,
                              std::optional<int64_t> tenant_id = {});

}  // namespace centralita::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::knowledge_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(centralita::actors::knowledge_change)
