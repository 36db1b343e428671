#include "vectorindex/knowledge_index.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace centralita::vectorindex {

void limit_faiss_threads() { omp_set_num_threads(1); }

knowledge_index::knowledge_index(int dimension, index_options options)
    : dimension_(dimension), options_(options), dense_(dimension) {}
knowledge_index::~knowledge_index() = default;
knowledge_index::knowledge_index(knowledge_index&&) noexcept = default;
knowledge_index& knowledge_index::operator=(knowledge_index&&) noexcept = default;

std::vector<std::string> knowledge_index::terms_of(const std::string& search_text,
                                                   language lang) const {
  auto a = analyze(search_text, lang);
  auto terms = std::move(a.stems);
  terms.insert(terms.end(), a.concepts.begin(), a.concepts.end());
  return terms;
}

status knowledge_index::upsert_article(int64_t article_id, language lang,
                                       std::vector<indexed_chunk> chunks) {
  for (const auto& c : chunks) {
    if (static_cast<int>(c.vector.size()) != dimension_) {
      return make_error(errc::invalid_input, "a chunk vector has the wrong dimension",
                        "bad_dimension");
    }
  }
  remove_article(article_id);
  if (chunks.empty()) return ok_status();
  // A chunk id still held by another article (an index that disagrees with the database, such
  // as a snapshot of another database) is taken from it first: otherwise removing that article
  // later would remove this article's chunk, and its list would name a chunk that is gone.
  for (const auto& c : chunks) release_chunk(c.chunk_id);
  auto& ids = article_chunks_[article_id];
  for (auto& c : chunks) {
    if (chunks_.count(c.chunk_id) != 0) continue;  // the same id twice in one article
    lexical_.add(c.chunk_id, terms_of(c.search_text, lang));
    dense_.add(c.chunk_id, c.vector.data());
    ids.push_back(c.chunk_id);
    chunks_[c.chunk_id] = chunk_entry{
        article_id,         lang, std::move(c.title), std::move(c.text), std::move(c.search_text),
        std::move(c.vector)};
  }
  maybe_switch_index();
  return ok_status();
}

std::vector<int64_t> knowledge_index::chunks_of(int64_t article_id) const {
  auto it = article_chunks_.find(article_id);
  return it == article_chunks_.end() ? std::vector<int64_t>{} : it->second;
}

void knowledge_index::remove_article(int64_t article_id) {
  auto it = article_chunks_.find(article_id);
  if (it == article_chunks_.end()) return;
  for (auto id : it->second) {
    auto c = chunks_.find(id);
    if (c == chunks_.end() || c->second.article_id != article_id) continue;
    lexical_.remove(id);
    dense_.remove(id);
    chunks_.erase(c);
  }
  article_chunks_.erase(it);
  maybe_switch_index();
}

void knowledge_index::release_chunk(int64_t chunk_id) {
  auto c = chunks_.find(chunk_id);
  if (c == chunks_.end()) return;
  auto owner = article_chunks_.find(c->second.article_id);
  if (owner != article_chunks_.end()) {
    auto& ids = owner->second;
    ids.erase(std::remove(ids.begin(), ids.end(), chunk_id), ids.end());
    if (ids.empty()) article_chunks_.erase(owner);
  }
  lexical_.remove(chunk_id);
  dense_.remove(chunk_id);
  chunks_.erase(c);
}

void knowledge_index::maybe_switch_index() {
  const size_t n = chunks_.size();
  const bool want_ivf = n >= options_.approximate_threshold;
  if (!want_ivf && approximate() && n < options_.approximate_threshold / 2) {
    trained_size_ = 0;
    rebuild_dense();
  } else if (want_ivf && (!approximate() || n >= 2 * trained_size_)) {
    trained_size_ = n;
    rebuild_dense();
  }
}

void knowledge_index::rebuild_dense() {
  std::vector<int64_t> ids;
  ids.reserve(chunks_.size());
  for (const auto& [id, c] : chunks_) ids.push_back(id);
  // Sorted: the same chunks give the same cells whatever the hash map's order.
  std::sort(ids.begin(), ids.end());
  const auto nlist =
      approximate() ? static_cast<size_t>(4 * std::sqrt(static_cast<double>(ids.size()))) : 1;
  dense_.rebuild(nlist, ids, [this](int64_t id) { return chunks_.at(id).vector.data(); });
}

std::vector<std::pair<int64_t, float>> knowledge_index::dense_search(const embedding& q,
                                                                     int k) const {
  if (k <= 0 || static_cast<int>(q.size()) != dimension_) return {};
  return dense_.search(q.data(), static_cast<size_t>(k), static_cast<size_t>(options_.nprobe));
}

std::vector<std::pair<int64_t, float>> knowledge_index::exact_search(const embedding& q,
                                                                     int k) const {
  if (k <= 0 || static_cast<int>(q.size()) != dimension_) return {};
  std::vector<std::pair<int64_t, float>> all;
  all.reserve(chunks_.size());
  for (const auto& [id, c] : chunks_)
    all.emplace_back(id, dot(q.data(), c.vector.data(), q.size()));
  const auto keep = std::min(all.size(), static_cast<size_t>(k));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
  all.resize(keep);
  return all;
}

std::vector<std::pair<int64_t, float>> knowledge_index::lexical_search(const std::string& query,
                                                                       int n, bool exact) const {
  if (n <= 0) return {};
  auto q = analyze(query);
  auto terms = std::move(q.stems);
  terms.insert(terms.end(), q.concepts.begin(), q.concepts.end());
  return lexical_.top(terms, static_cast<size_t>(n), !exact);
}

std::vector<search_hit> knowledge_index::search(const std::string& query,
                                                const embedding& query_vector, int k,
                                                bool exact) const {
  std::vector<search_hit> out;
  if (k <= 0 || chunks_.empty() || static_cast<int>(query_vector.size()) != dimension_) {
    return out;
  }
  const auto n = static_cast<int>(options_.candidates);
  auto dense = exact ? exact_search(query_vector, n) : dense_search(query_vector, n);
  auto lexical = lexical_search(query, n, exact);

  // Fusion: cosine (clamped at 0) and BM25 relative to the best lexical match.
  std::unordered_map<int64_t, double> fused;
  const float best_bm25 = lexical.empty() ? 0.0f : lexical.front().second;
  const double wd = options_.dense_weight;
  for (const auto& [id, cos] : dense) fused[id] = wd * std::max(0.0f, cos);
  for (const auto& [id, bm25] : lexical) {
    auto [it, inserted] = fused.emplace(id, 0.0);
    if (inserted) {
      auto c = chunks_.find(id);
      if (c == chunks_.end()) continue;
      const auto& v = c->second.vector;
      it->second = wd * std::max(0.0f, dot(query_vector.data(), v.data(), v.size()));
    }
    it->second += (1 - wd) * (best_bm25 > 0 ? bm25 / best_bm25 : 0.0f);
  }
  // Best chunk per article.
  std::unordered_map<int64_t, std::pair<int64_t, double>> best;
  // Every id comes from the two sides, which hold exactly the chunks of chunks_; a missing one
  // is skipped rather than trusted.
  for (const auto& [id, score] : fused) {
    auto c = chunks_.find(id);
    if (c == chunks_.end()) continue;
    const auto article = c->second.article_id;
    auto [it, inserted] = best.emplace(article, std::pair{id, score});
    if (!inserted && score > it->second.second) it->second = {id, score};
  }
  std::vector<std::pair<int64_t, double>> ranked;
  ranked.reserve(best.size());
  for (const auto& [article, b] : best) ranked.push_back(b);
  const auto keep = std::min(ranked.size(), static_cast<size_t>(k));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  for (size_t i = 0; i < keep; ++i) {
    const auto& c = chunks_.find(ranked[i].first)->second;  // found above
    out.push_back(search_hit{c.article_id, ranked[i].first, c.title, c.text,
                             std::min(1.0, ranked[i].second)});
  }
  return out;
}

}  // namespace centralita::vectorindex
