#include "actors/knowledge_snapshot.hpp"

#include <algorithm>
#include <exception>
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

std::vector<std::pair<std::string, std::string>> snapshot_origin(
    const storage::database_identity& db, int64_t tenant_id) {
  return {{"system_identifier", db.system_identifier},
          {"database_oid", db.database_oid},
          {"installation_id", db.installation_id},
          {"tenant_id", std::to_string(tenant_id)}};
}

std::string origin_mismatch(const std::vector<std::pair<std::string, std::string>>& found,
                            const std::vector<std::pair<std::string, std::string>>& expected) {
  for (const auto& [part, value] : expected) {
    auto it =
        std::find_if(found.begin(), found.end(), [&](const auto& f) { return f.first == part; });
    if (it == found.end() || it->second != value) return part;
  }
  return {};
}

namespace {

// What one pass of sync left: the articles changed, and how many published articles the index
// still does not hold as the manifest describes them (articles that could not be embedded are
// not counted: they are skipped on purpose).
struct sync_outcome {
  size_t changed = 0;
  size_t disagreeing = 0;
};

result<sync_outcome> sync_pass(storage::pg_connection& db, const vectorindex::embedder& e,
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
  sync_outcome out;
  for (auto it = t.versions.begin(); it != t.versions.end();) {
    if (published.count(it->first) != 0) {
      ++it;
      continue;
    }
    out.changed += t.index.contains_article(it->first) ? 1 : 0;
    t.index.remove_article(it->first);
    it = t.versions.erase(it);
  }
  if (stale.empty()) return out;
  // Every article (a rebuild) in one read; a few by id.
  auto articles = stale.size() == manifest->size() ? repo.published(tenant_id)
                                                   : repo.published(tenant_id, stale);
  if (!articles) return articles.error();
  std::set<int64_t> skipped;
  for (auto& a : *articles) {
    if (!usable(a.chunks, e)) {
      auto fresh = reembed(db, e, a);
      if (!fresh) {
        if (fresh.error().code == errc::unavailable) return fresh.error();
        log::warn("knowledge: article {} of tenant {} skipped: {}", a.article_id, a.tenant_id,
                  fresh.error().message);
        skipped.insert(a.article_id);
        continue;
      }
      a.chunks = std::move(*fresh);
    }
    auto s = t.index.upsert_article(a.article_id, vectorindex::language_of(a.language),
                                    to_indexed(a.title, std::move(a.chunks)));
    if (!s) return s.error();
    t.versions[a.article_id] = a.version;
    ++out.changed;
  }
  // An article re-embedded above has new chunk ids and a newer manifest entry; it was just
  // read, so only the others are checked against the manifest.
  for (const auto& m : *manifest) {
    if (skipped.count(m.article_id) == 0 && m.embedded && !holds(t, m)) ++out.disagreeing;
  }
  return out;
}

// A snapshot's reason to be refused, or empty when it may be used.
std::string refusal(const vectorindex::knowledge_index::loaded& l, const vectorindex::embedder& e,
                    const storage::database_identity& identity, int64_t tenant_id) {
  if (l.stamp.embedder != e.name() || l.index.dimension() != e.dimension()) {
    return "it was made by embedder " + l.stamp.embedder;
  }
  const auto part = origin_mismatch(l.stamp.origin, snapshot_origin(identity, tenant_id));
  if (!part.empty()) return "it was written for another database (" + part + " differs)";
  return {};
}

// Patches a tenant loaded from its snapshot; an error or a disagreement that patching leaves
// means the snapshot cannot be trusted. Anything thrown is caught here: a snapshot that does not
// add up must cost a rebuild, never the actor.
result<sync_outcome> patch_snapshot(storage::pg_connection& db, const vectorindex::embedder& e,
                                    int64_t tenant_id, tenant_index& t) {
  try {
    return sync_pass(db, e, tenant_id, t);
  } catch (const std::exception& ex) {
    return make_error(errc::internal, std::string{"patching failed: "} + ex.what(), "bad_snapshot");
  }
}

}  // namespace

result<size_t> sync_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                           int64_t tenant_id, tenant_index& t) {
  auto out = sync_pass(db, e, tenant_id, t);
  if (!out) return out.error();
  return out->changed;
}

result<tenant_index> open_tenant(storage::pg_connection& db, const vectorindex::embedder& e,
                                 const std::string& data_dir, int64_t tenant_id,
                                 const std::optional<storage::database_identity>& identity) {
  const auto fresh = [&] {
    return tenant_index{vectorindex::knowledge_index{e.dimension()}, {}, index_source::rebuilt, 0};
  };
  // Without an identity no snapshot could be trusted, so none is even read.
  auto loaded = identity ? vectorindex::knowledge_index::load(snapshot_path(data_dir, tenant_id))
                         : result<vectorindex::knowledge_index::loaded>{
                               make_error(errc::not_found, "snapshots not used", "no_snapshot")};
  if (!loaded) {
    if (loaded.error().code != errc::not_found) {
      log::warn("knowledge: snapshot of tenant {} ignored, rebuilding: {}", tenant_id,
                loaded.error().message);
    }
  } else if (auto why = refusal(*loaded, e, *identity, tenant_id); !why.empty()) {
    log::warn("knowledge: snapshot of tenant {} ignored, rebuilding: {}", tenant_id, why);
  } else {
    auto t = fresh();
    t.index = std::move(loaded->index);
    for (const auto& [article, version] : loaded->stamp.articles) t.versions[article] = version;
    auto patched = patch_snapshot(db, e, tenant_id, t);
    if (!patched && patched.error().code == errc::unavailable) return patched.error();
    if (patched && patched->disagreeing == 0) {
      t.changed = patched->changed;
      t.source = patched->changed > 0 ? index_source::patched : index_source::snapshot;
      return t;
    }
    log::warn("knowledge: snapshot of tenant {} disagrees with the database, rebuilding: {}",
              tenant_id,
              patched ? std::to_string(patched->disagreeing) + " articles differ after patching"
                      : patched.error().message);
  }
  auto t = fresh();
  auto changed = sync_tenant(db, e, tenant_id, t);
  if (!changed) return changed.error();
  t.changed = *changed;
  return t;
}

status write_snapshot(const std::string& data_dir, int64_t tenant_id, const tenant_index& t,
                      const vectorindex::embedder& e, const storage::database_identity& identity) {
  const auto path = snapshot_path(data_dir, tenant_id);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ec);
  if (ec) return make_error(errc::internal, "cannot create the snapshot directory", "io");
  vectorindex::snapshot_stamp stamp;
  stamp.embedder = e.name();
  stamp.origin = snapshot_origin(identity, tenant_id);
  for (const auto& [article, version] : t.versions) {
    if (t.index.contains_article(article)) stamp.articles.emplace_back(article, version);
  }
  return t.index.save(path, stamp);
}

}  // namespace centralita::actors
