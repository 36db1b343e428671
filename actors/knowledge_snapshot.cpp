#include "actors/knowledge_snapshot.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/log.hpp"
#include "storage/knowledge_repo.hpp"
#include "vectorindex/article_chunks.hpp"

namespace centralita::actors {

std::vector<vectorindex::indexed_chunk> to_indexed(const std::string& title,
                                                   std::vector<storage::stored_chunk> chunks) {
  std::vector<vectorindex::indexed_chunk> out;
  out.reserve(chunks.size());
  for (auto& c : chunks) {
    out.push_back(vectorindex::to_indexed(c.id, title, std::move(c.text), std::move(c.embedding)));
  }
  return out;
}

namespace {

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

bool holds(const tenant_index& t, const storage::article_manifest& m) {
  if (!m.embedded) return false;
  auto v = t.versions.find(m.article_id);
  if (v == t.versions.end() || v->second != m.version) return false;
  auto ids = t.index.chunks_of(m.article_id);
  std::sort(ids.begin(), ids.end());
  return ids == m.chunk_ids;
}

}  // namespace

std::string snapshot_path(const std::string& data_dir, int64_t tenant_id) {
  return (std::filesystem::path{data_dir} / "knowledge" /
          ("tenant-" + std::to_string(tenant_id) + ".kix"))
      .string();
}

result<size_t> sync_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                           int64_t tenant_id, tenant_index& t) {
  storage::knowledge_repo repo{db};
  auto manifest = repo.manifest(tenant_id, e.name(), e.dimension());
  if (!manifest) return manifest.error();
  std::set<int64_t> published;
  std::vector<int64_t> stale;
  for (const auto& m : *manifest) {
    published.insert(m.article_id);
    if (!holds(t, m)) stale.push_back(m.article_id);
  }
  size_t changed = 0;
  for (auto it = t.versions.begin(); it != t.versions.end();) {
    if (published.count(it->first) != 0) {
      ++it;
      continue;
    }
    changed += t.index.contains_article(it->first) ? 1 : 0;
    t.index.remove_article(it->first);
    it = t.versions.erase(it);
  }
  if (stale.empty()) return changed;
  // Every article (a rebuild) in one read; a few by id.
  auto articles = stale.size() == manifest->size() ? repo.published(tenant_id)
                                                   : repo.published(tenant_id, stale);
  if (!articles) return articles.error();
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
    auto s = t.index.upsert_article(a.article_id, vectorindex::language_of(a.language),
                                    to_indexed(a.title, std::move(a.chunks)));
    if (!s) return s.error();
    t.versions[a.article_id] = a.version;
    ++changed;
  }
  return changed;
}

result<tenant_index> open_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                                 const std::string& data_dir, int64_t tenant_id) {
  tenant_index t{vectorindex::knowledge_index{e.dimension()}, {}, index_source::rebuilt, 0};
  const auto path = snapshot_path(data_dir, tenant_id);
  auto loaded = vectorindex::knowledge_index::load(path);
  if (!loaded) {
    if (loaded.error().code != errc::not_found) {
      log::warn("knowledge: snapshot of tenant {} ignored, rebuilding: {}", tenant_id,
                loaded.error().message);
    }
  } else if (loaded->stamp.embedder != e.name() || loaded->index.dimension() != e.dimension()) {
    log::warn("knowledge: snapshot of tenant {} was made by embedder {}, rebuilding", tenant_id,
              loaded->stamp.embedder);
  } else {
    t.index = std::move(loaded->index);
    for (const auto& [article, version] : loaded->stamp.articles) t.versions[article] = version;
    t.source = index_source::snapshot;
  }
  auto changed = sync_tenant(db, e, tenant_id, t);
  if (!changed) return changed.error();
  t.changed = *changed;
  if (t.source == index_source::snapshot && *changed > 0) t.source = index_source::patched;
  return t;
}

status write_snapshot(const std::string& data_dir, int64_t tenant_id, const tenant_index& t,
                      const vectorindex::embedder& e) {
  const auto path = snapshot_path(data_dir, tenant_id);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ec);
  if (ec) return make_error(errc::internal, "cannot create the snapshot directory", "io");
  vectorindex::snapshot_stamp stamp;
  stamp.embedder = e.name();
  for (const auto& [article, version] : t.versions) {
    if (t.index.contains_article(article)) stamp.articles.emplace_back(article, version);
  }
  return t.index.save(path, stamp);
}

}  // namespace centralita::actors
