#include "actors/knowledge_actor.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "actors/messages.hpp"
#include "common/backoff.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "storage/database_identity.hpp"
#include "storage/knowledge_repo.hpp"
#include "vectorindex/article_chunks.hpp"

namespace centralita::actors {

namespace {

constexpr auto load_retry = std::chrono::seconds(2);
// How often the indexes are compared with the database, for writes from other processes.
constexpr auto refresh_every = std::chrono::seconds(5);
constexpr int32_t max_k = 50;

using self_ptr = caf::stateful_actor<knowledge_state>*;

// A tenant's snapshot is written once its index has had no change for this long: an import
// of thousands of articles writes it once, at the end.
constexpr auto snapshot_quiet = std::chrono::seconds(30);

using clock_type = std::chrono::steady_clock;

metrics::counter& loads_from(index_source source) {
  static const char* help = "Tenant knowledge indexes brought up at start, by where from";
  auto& r = metrics::registry::global();
  switch (source) {
    case index_source::snapshot:
      return r.get_counter("centralita_knowledge_index_loads_total", help, "source=\"snapshot\"");
    case index_source::patched:
      return r.get_counter("centralita_knowledge_index_loads_total", help, "source=\"patched\"");
    case index_source::rebuilt:
      break;
  }
  return r.get_counter("centralita_knowledge_index_loads_total", help, "source=\"rebuilt\"");
}

tenant_index& tenant_of(knowledge_state& st, int64_t tenant_id) {
  auto it = st.tenants.find(tenant_id);
  if (it == st.tenants.end()) {
    it =
        st.tenants
            .emplace(tenant_id, tenant_index{vectorindex::knowledge_index{st.embedder->dimension()},
                                             {},
                                             index_source::rebuilt,
                                             0})
            .first;
  }
  return it->second;
}

void save(knowledge_state& st, int64_t tenant_id) {
  auto it = st.tenants.find(tenant_id);
  if (it == st.tenants.end()) return;
  // A snapshot that cannot name its database could never be trusted again: not written.
  if (!st.identity) return;
  const auto started = clock_type::now();
  if (auto s = write_snapshot(st.ctx->settings.data_dir, tenant_id, it->second, *st.embedder,
                              *st.identity);
      !s) {
    log::warn("knowledge: snapshot of tenant {} not written: {}", tenant_id, s.error().message);
    return;
  }
  st.unsaved.erase(tenant_id);
  metrics::registry::global()
      .get_counter("centralita_knowledge_snapshots_written_total",
                   "Tenant knowledge index snapshots written")
      .inc();
  log::info(
      "knowledge: snapshot of tenant {} written ({} chunks, {} ms)", tenant_id,
      it->second.index.size(),
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - started).count());
}

std::vector<vectorindex::search_hit> search(knowledge_state& st, int64_t tenant_id,
                                            const std::string& query, int32_t k) {
  auto it = st.tenants.find(tenant_id);
  if (it == st.tenants.end() || query.empty()) return {};
  auto v = st.embedder->embed_query(query);
  if (!v) {
    // A remote embedder that cannot be reached leaves the lexical side: a zero vector scores
    // every chunk 0 on the dense side, so BM25 alone ranks.
    log::warn("knowledge: embedding a query failed, lexical search only: {}", v.error().message);
    v = vectorindex::embedding(static_cast<size_t>(it->second.index.dimension()), 0.0f);
  }
  return it->second.index.search(query, *v, std::clamp<int32_t>(k, 1, max_k));
}

void apply(knowledge_state& st, knowledge_change& c) {
  auto& t = tenant_of(st, c.tenant_id);
  auto known = t.versions.find(c.article_id);
  if (known != t.versions.end() && known->second > c.version) return;
  if (c.removed) {
    t.index.remove_article(c.article_id);
    t.versions[c.article_id] = c.version;
    st.unsaved[c.tenant_id] = clock_type::now();
    return;
  }
  auto s = t.index.upsert_article(c.article_id, vectorindex::language_of(c.language),
                                  to_indexed(c.title, std::move(c.chunks)));
  if (!s) {
    log::warn("knowledge: article {} of tenant {} not indexed: {}", c.article_id, c.tenant_id,
              s.error().message);
    return;
  }
  t.versions[c.article_id] = c.version;
  st.unsaved[c.tenant_id] = clock_type::now();
}

void try_load(self_ptr self) {
  auto& st = self->state;
  auto conn = st.db->get();
  if (!conn) {
    log::warn("knowledge: cannot load the indexes yet ({}); retrying", conn.error().message);
    self->delayed_send(self, load_retry, retry_atom::value);
    return;
  }
  const auto started = clock_type::now();
  auto identity = storage::read_database_identity(**conn);
  if (!identity) {
    if (identity.error().code == errc::unavailable) {
      st.db->on_error(identity.error());
      log::warn("knowledge: cannot load the indexes yet ({}); retrying", identity.error().message);
      self->delayed_send(self, load_retry, retry_atom::value);
      return;
    }
    log::warn(
        "knowledge: the database's identity cannot be read ({}); every tenant is rebuilt "
        "and no snapshot is written",
        identity.error().message);
    st.identity.reset();
  } else {
    st.identity = std::move(*identity);
  }
  // Degraded: the data directory is not read at all, whatever it holds.
  const std::optional<storage::database_identity> trusted =
      st.use_snapshots ? st.identity : std::nullopt;
  auto signatures = storage::knowledge_repo{**conn}.signatures();
  std::map<int64_t, tenant_index> tenants;
  size_t chunks = 0;
  status failed = signatures ? ok_status() : status{signatures.error()};
  for (size_t i = 0; failed && i < signatures->size(); ++i) {
    const auto tenant = (*signatures)[i].tenant_id;
    auto t = open_tenant(**conn, *st.embedder, st.ctx->settings.data_dir, tenant, trusted);
    if (!t) {
      failed = t.error();
      break;
    }
    loads_from(t->source).inc();
    log::info("knowledge: tenant {} {} ({} chunks, {} articles read from the database)", tenant,
              t->source == index_source::snapshot  ? "loaded from its snapshot"
              : t->source == index_source::patched ? "loaded from its snapshot and patched"
                                                   : "rebuilt",
              t->index.size(), t->changed);
    chunks += t->index.size();
    if (t->source != index_source::snapshot) st.unsaved[tenant] = clock_type::time_point{};
    tenants.emplace(tenant, std::move(*t));
  }
  if (!failed) {
    st.db->on_error(failed.error());
    log::warn("knowledge: loading the indexes failed ({}); retrying", failed.error().message);
    self->delayed_send(self, load_retry, retry_atom::value);
    return;
  }
  // The database already holds every change committed before this read; versions seen in
  // changes applied meanwhile stay, so an older change still in flight is ignored.
  for (auto& [tenant, t] : st.tenants) {
    auto& fresh =
        tenants.emplace(tenant, tenant_index{std::move(t.index), {}, t.source, 0}).first->second;
    for (const auto& [article, version] : t.versions) {
      auto& v = fresh.versions[article];
      v = std::max(v, version);
    }
  }
  st.tenants = std::move(tenants);
  st.loaded = true;
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - started).count();
  log::info("knowledge: {} chunks of {} tenants indexed in {} ms", chunks, st.tenants.size(), ms);
  // A rebuilt or patched tenant gets a fresh snapshot now, so the next start is quick.
  for (auto it = st.unsaved.begin(); it != st.unsaved.end();) {
    const auto tenant = (it++)->first;
    save(st, tenant);
  }
}

// try_load, with anything it throws turned into a retry instead of a crash: the first time
// without snapshot files (the likeliest cause, and the actor's safe path: it says so once, in
// the log, /readyz and /metrics); should PostgreSQL's own rows make it throw, further tries
// come ever less often, searches finding nothing meanwhile, and the rest of the node serving.
void load_safely(self_ptr self) {
  auto& st = self->state;
  try {
    try_load(self);
  } catch (const std::exception& e) {
    if (st.use_snapshots) {
      st.use_snapshots = false;
      mark_degraded(*st.ctx, knowledge_role,
                    std::string{"loading the indexes threw ("} + e.what() +
                        "); snapshot files are ignored and every tenant is rebuilt from "
                        "PostgreSQL");
      self->delayed_send(self, load_retry, retry_atom::value);
      return;
    }
    if (st.failed_loads++ == 0) {
      log::error(
          "knowledge: rebuilding the indexes from PostgreSQL threw ({}); retrying less "
          "and less often",
          e.what());
    }
    const auto wait = exponential_backoff(load_retry, std::chrono::minutes(5), st.failed_loads + 1);
    self->delayed_send(self, wait, retry_atom::value);
  }
}

// Patches the tenants whose published articles in the database differ from the index: articles
// imported by `centralita kb import` or written by another node.
void refresh(knowledge_state& st) {
  auto conn = st.db->get();
  if (!conn) return;
  storage::knowledge_repo repo{**conn};
  auto signatures = repo.signatures();
  if (!signatures) return st.db->on_error(signatures.error());
  std::map<int64_t, storage::published_signature> in_db;
  for (const auto& s : *signatures) in_db[s.tenant_id] = s;
  for (const auto& [tenant, t] : st.tenants)
    in_db.try_emplace(tenant, storage::published_signature{tenant, 0, 0});
  for (const auto& [tenant, s] : in_db) {
    auto& t = tenant_of(st, tenant);
    storage::published_signature held;
    for (const auto& [article, version] : t.versions) {
      if (!t.index.contains_article(article)) continue;
      held.articles += 1;
      held.version_sum += version;
    }
    if (held.articles == s.articles && held.version_sum == s.version_sum) continue;
    auto n = sync_tenant(**conn, *st.embedder, tenant, t);
    if (!n) return st.db->on_error(n.error());
    log::info("knowledge: tenant {} patched ({} articles, {} chunks)", tenant, *n, t.index.size());
    st.unsaved[tenant] = clock_type::now();
  }
}

// Writes the snapshots of tenants that changed and have been quiet since.
void save_quiet(knowledge_state& st) {
  const auto now = clock_type::now();
  for (auto it = st.unsaved.begin(); it != st.unsaved.end();) {
    const auto [tenant, changed] = *it++;
    if (now - changed >= snapshot_quiet) save(st, tenant);
  }
}

}  // namespace

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

namespace {

caf::behavior knowledge_behavior(self_ptr self, std::shared_ptr<node_context> ctx,
                                 std::shared_ptr<const vectorindex::embedder> embedder,
                                 bool use_snapshots) {
  vectorindex::limit_faiss_threads();
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.embedder = std::move(embedder);
  st.db = std::make_unique<db_session>(st.ctx->settings.database_url);
  st.use_snapshots = use_snapshots;
  // Loaded before the first message is handled: a search never sees a half-built index.
  load_safely(self);
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
          if (self->state.loaded) {
            refresh(self->state);
            save_quiet(self->state);
          }
        } catch (const std::exception& e) {
          log::error("knowledge: refresh failed: {}", e.what());
        }
        self->delayed_send(self, refresh_every, tick_atom::value);
      },
      [self](retry_atom) {
        if (!self->state.loaded) load_safely(self);
      },
  };
}

}  // namespace

caf::behavior knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                              std::shared_ptr<node_context> ctx,
                              std::shared_ptr<const vectorindex::embedder> embedder) {
  return knowledge_behavior(self, std::move(ctx), std::move(embedder), true);
}

caf::behavior degraded_knowledge_actor(caf::stateful_actor<knowledge_state>* self,
                                       std::shared_ptr<node_context> ctx,
                                       std::shared_ptr<const vectorindex::embedder> embedder) {
  return knowledge_behavior(self, std::move(ctx), std::move(embedder), false);
}

}  // namespace centralita::actors
