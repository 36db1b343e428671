#include "actors/knowledge_actor.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "actors/messages.hpp"
#include "common/log.hpp"
#include "vectorindex/article_chunks.hpp"

namespace centralita::actors {

namespace {

constexpr auto load_retry = std::chrono::seconds(2);
// How often the indexes are compared with the database, for writes from other processes.
constexpr auto refresh_every = std::chrono::seconds(5);
constexpr int32_t max_k = 50;

using self_ptr = caf::stateful_actor<knowledge_state>*;

vectorindex::knowledge_index& index_of(knowledge_state& st, int64_t tenant_id) {
  auto it = st.indexes.find(tenant_id);
  if (it == st.indexes.end()) {
    it =
        st.indexes.emplace(tenant_id, vectorindex::knowledge_index{st.embedder->dimension()}).first;
  }
  return it->second;
}

std::vector<vectorindex::indexed_chunk> to_indexed(const std::string& title,
                                                   std::vector<storage::stored_chunk> chunks) {
  std::vector<vectorindex::indexed_chunk> out;
  out.reserve(chunks.size());
  for (auto& c : chunks) {
    out.push_back(vectorindex::to_indexed(c.id, title, std::move(c.text), std::move(c.embedding)));
  }
  return out;
}

bool usable(const std::vector<storage::stored_chunk>& chunks, const vectorindex::embedder& e) {
  if (chunks.empty()) return false;
  for (const auto& c : chunks) {
    if (c.embedder != e.name() || static_cast<int>(c.embedding.size()) != e.dimension()) {
      return false;
    }
  }
  return true;
}

// Chunks and embeds an article whose stored chunks are missing or stale, and stores them.
result<std::vector<storage::stored_chunk>> reembed(storage::pg_connection& db,
                                                   const vectorindex::embedder& e,
                                                   const storage::indexable_article& a) {
  auto prepared = vectorindex::prepare_chunks(a.title, a.body, e);
  if (!prepared) return prepared.error();
  std::vector<storage::chunk_row> rows;
  for (auto& p : *prepared) rows.push_back({p.ordinal, std::move(p.text), std::move(p.vector)});
  storage::knowledge_repo repo{db};
  if (auto s = repo.replace_chunks(a.tenant_id, a.article_id, a.version, rows, e.name()); !s) {
    return s.error();
  }
  return repo.chunks(a.tenant_id, a.article_id);
}

std::vector<vectorindex::search_hit> search(knowledge_state& st, int64_t tenant_id,
                                            const std::string& query, int32_t k) {
  auto it = st.indexes.find(tenant_id);
  if (it == st.indexes.end() || query.empty()) return {};
  auto v = st.embedder->embed_query(query);
  if (!v) {
    // A remote embedder that cannot be reached leaves the lexical side: a zero vector scores
    // every chunk 0 on the dense side, so BM25 alone ranks.
    log::warn("knowledge: embedding a query failed, lexical search only: {}", v.error().message);
    v = vectorindex::embedding(static_cast<size_t>(it->second.dimension()), 0.0f);
  }
  return it->second.search(query, *v, std::clamp<int32_t>(k, 1, max_k));
}

void apply(knowledge_state& st, knowledge_change& c) {
  const auto key = std::pair{c.tenant_id, c.article_id};
  auto known = st.versions.find(key);
  if (known != st.versions.end() && known->second > c.version) return;
  auto& index = index_of(st, c.tenant_id);
  if (c.removed) {
    index.remove_article(c.article_id);
    st.versions[key] = c.version;
    return;
  }
  auto s = index.upsert_article(c.article_id, vectorindex::language_of(c.language),
                                to_indexed(c.title, std::move(c.chunks)));
  if (!s) {
    log::warn("knowledge: article {} of tenant {} not indexed: {}", c.article_id, c.tenant_id,
              s.error().message);
    return;
  }
  st.versions[key] = c.version;
}

void try_load(self_ptr self) {
  auto& st = self->state;
  auto conn = st.db->get();
  if (!conn) {
    log::warn("knowledge: cannot load the indexes yet ({}); retrying", conn.error().message);
    self->delayed_send(self, load_retry, retry_atom::value);
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  std::map<int64_t, vectorindex::knowledge_index> indexes;
  std::map<std::pair<int64_t, int64_t>, int> versions;
  auto n = load_knowledge(**conn, *st.embedder, indexes, versions);
  if (!n) {
    st.db->on_error(n.error());
    log::warn("knowledge: loading the indexes failed ({}); retrying", n.error().message);
    self->delayed_send(self, load_retry, retry_atom::value);
    return;
  }
  // The database already holds every change committed before this read; versions seen in
  // changes applied meanwhile stay, so an older change still in flight is ignored.
  st.indexes = std::move(indexes);
  for (const auto& [key, version] : versions) {
    auto& v = st.versions[key];
    v = std::max(v, version);
  }
  st.loaded = true;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  log::info("knowledge: {} chunks of {} tenants indexed in {} ms", *n, st.indexes.size(), ms);
}

// Reloads the tenants whose published articles in the database differ from the index: articles
// imported by `centralita kb import` or written by another node.
void refresh(knowledge_state& st) {
  auto conn = st.db->get();
  if (!conn) return;
  storage::knowledge_repo repo{**conn};
  auto signatures = repo.signatures();
  if (!signatures) return st.db->on_error(signatures.error());
  std::map<int64_t, storage::published_signature> in_db;
  for (const auto& s : *signatures) in_db[s.tenant_id] = s;
  std::map<int64_t, storage::published_signature> held;
  for (const auto& [key, version] : st.versions) {
    auto it = st.indexes.find(key.first);
    if (it == st.indexes.end() || !it->second.contains_article(key.second)) continue;
    auto& h = held[key.first];
    h.articles += 1;
    h.version_sum += version;
  }
  for (const auto& [tenant, s] : in_db) {
    const auto& h = held[tenant];
    if (h.articles == s.articles && h.version_sum == s.version_sum) continue;
    std::map<int64_t, vectorindex::knowledge_index> indexes;
    std::map<std::pair<int64_t, int64_t>, int> versions;
    auto n = load_knowledge(**conn, *st.embedder, indexes, versions, tenant);
    if (!n) return st.db->on_error(n.error());
    log::info("knowledge: tenant {} reloaded ({} chunks)", tenant, *n);
    st.indexes.erase(tenant);
    if (auto it = indexes.find(tenant); it != indexes.end()) {
      st.indexes.emplace(tenant, std::move(it->second));
    }
    for (const auto& [key, version] : versions) st.versions[key] = version;
  }
}

}  // namespace

knowledge_reply::~knowledge_reply() {
  if (fn_) fn_(make_error(errc::unavailable, "knowledge search is unavailable", "unavailable"));
}

void knowledge_reply::deliver(result<std::vector<vectorindex::search_hit>> r) {
  if (auto fn = std::move(fn_)) {
    fn_ = nullptr;
    fn(std::move(r));
  }
}

knowledge_change change_of(const storage::knowledge_article& a,
                           std::vector<storage::stored_chunk> chunks) {
  knowledge_change c;
  c.tenant_id = a.tenant_id;
  c.article_id = a.id;
  c.version = a.version;
  c.removed = a.status != "published";
  c.title = a.title;
  c.language = a.language;
  if (!c.removed) c.chunks = std::move(chunks);
  return c;
}

knowledge_change removal_of(const storage::knowledge_article& a) {
  knowledge_change c = change_of(a, {});
  c.removed = true;
  c.version = a.version + 1;
  return c;
}

result<size_t> load_knowledge(storage::pg_connection& db, const vectorindex::embedder& e,
                              std::map<int64_t, vectorindex::knowledge_index>& indexes,
                              std::map<std::pair<int64_t, int64_t>, int>& versions,
                              std::optional<int64_t> tenant_id) {
  auto articles = storage::knowledge_repo{db}.published(tenant_id);
  if (!articles) return articles.error();
  size_t chunks = 0;
  for (auto& a : *articles) {
    if (!usable(a.chunks, e)) {
      auto fresh = reembed(db, e, a);
      if (!fresh) {
        if (fresh.error().code == errc::unavailable) return fresh.error();
        log::warn("knowledge: article {} of tenant {} skipped: {}", a.article_id, a.tenant_id,
                  fresh.error().message);
        continue;
      }
      a.chunks = std::move(*fresh);
    }
    auto it = indexes.find(a.tenant_id);
    if (it == indexes.end()) {
      it = indexes.emplace(a.tenant_id, vectorindex::knowledge_index{e.dimension()}).first;
    }
    chunks += a.chunks.size();
    auto s = it->second.upsert_article(a.article_id, vectorindex::language_of(a.language),
                                       to_indexed(a.title, std::move(a.chunks)));
    if (!s) return s.error();
    versions[{a.tenant_id, a.article_id}] = a.version;
  }
  return chunks;
}

caf::behavior knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                              std::shared_ptr<node_context> ctx,
                              std::shared_ptr<const vectorindex::embedder> embedder) {
  vectorindex::limit_faiss_threads();
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.embedder = std::move(embedder);
  st.db = std::make_unique<db_session>(st.ctx->settings.database_url);
  // Loaded before the first message is handled: a search never sees a half-built index.
  try_load(self);
  self->delayed_send(self, refresh_every, tick_atom::value);
  return {
      [self](knowledge_search_atom, int64_t tenant_id, const std::string& query,
             int32_t k) -> std::vector<vectorindex::search_hit> {
        try {
          return search(self->state, tenant_id, query, k);
        } catch (const std::exception& e) {
          log::error("knowledge: search failed: {}", e.what());
          return {};
        }
      },
      [self](knowledge_query& q) {
        try {
          q.reply->deliver(search(self->state, q.tenant_id, q.query, q.k));
        } catch (const std::exception& e) {
          log::error("knowledge: search failed: {}", e.what());
          q.reply->deliver(make_error(errc::internal, "search failed", "internal"));
        }
      },
      [self](knowledge_change& c) {
        try {
          apply(self->state, c);
        } catch (const std::exception& e) {
          log::error("knowledge: applying a change failed: {}", e.what());
        }
      },
      [self](tick_atom) {
        try {
          if (self->state.loaded) refresh(self->state);
        } catch (const std::exception& e) {
          log::error("knowledge: refresh failed: {}", e.what());
        }
        self->delayed_send(self, refresh_every, tick_atom::value);
      },
      [self](retry_atom) {
        if (!self->state.loaded) try_load(self);
      },
  };
}

}  // namespace centralita::actors
