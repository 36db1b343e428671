#include "vectorindex/knowledge_index.hpp"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace centralita::vectorindex {

namespace {

using faiss_id = faiss::Index::idx_t;

std::unique_ptr<faiss::Index> make_flat(int d) {
  auto map = std::make_unique<faiss::IndexIDMap2>(new faiss::IndexFlatIP(d));
  map->own_fields = true;
  return map;
}

float dot(const embedding& a, const embedding& b) {
  float s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

void limit_faiss_threads() { omp_set_num_threads(1); }

knowledge_index::knowledge_index(int dimension, index_options options)
    : dimension_(dimension), options_(options), dense_(make_flat(dimension)) {}
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
  auto& ids = article_chunks_[article_id];
  for (auto& c : chunks) {
    lexical_.add(c.chunk_id, terms_of(c.search_text, lang));
    add_dense(c.chunk_id, c.vector);
    ids.push_back(c.chunk_id);
    chunks_[c.chunk_id] = chunk_entry{
        article_id,         lang, std::move(c.title), std::move(c.text), std::move(c.search_text),
        std::move(c.vector)};
  }
  maybe_switch_index();
  return ok_status();
}

void knowledge_index::remove_article(int64_t article_id) {
  auto it = article_chunks_.find(article_id);
  if (it == article_chunks_.end()) return;
  std::vector<faiss_id> ids(it->second.begin(), it->second.end());
  for (auto id : it->second) {
    lexical_.remove(id);
    chunks_.erase(id);
  }
  faiss::IDSelectorBatch selector(ids.size(), ids.data());
  dense_->remove_ids(selector);
  article_chunks_.erase(it);
  maybe_switch_index();
}

void knowledge_index::add_dense(int64_t chunk_id, const embedding& v) {
  const faiss_id id = chunk_id;
  dense_->add_with_ids(1, v.data(), &id);
}

void knowledge_index::maybe_switch_index() {
  const size_t n = chunks_.size();
  const bool want_ivf = n >= options_.approximate_threshold;
  if (!want_ivf && approximate() && n < options_.approximate_threshold / 2) {
    ivf_trained_size_ = 0;
    rebuild_dense();
  } else if (want_ivf && (!approximate() || n >= 2 * ivf_trained_size_)) {
    ivf_trained_size_ = n;
    rebuild_dense();
  }
}

void knowledge_index::rebuild_dense() {
  const size_t n = chunks_.size();
  std::vector<float> data;
  std::vector<faiss_id> ids;
  data.reserve(n * static_cast<size_t>(dimension_));
  ids.reserve(n);
  for (const auto& [id, c] : chunks_) {
    ids.push_back(id);
    data.insert(data.end(), c.vector.begin(), c.vector.end());
  }
  if (!approximate()) {
    dense_ = make_flat(dimension_);
  } else {
    const auto nlist = static_cast<size_t>(std::max(16.0, 2 * std::sqrt(static_cast<double>(n))));
    auto ivf = std::make_unique<faiss::IndexIVFFlat>(new faiss::IndexFlatIP(dimension_), dimension_,
                                                     nlist, faiss::METRIC_INNER_PRODUCT);
    ivf->own_fields = true;
    // A sample of ~40 points per list and a dozen rounds of k-means: seconds, not minutes.
    ivf->cp.niter = 12;
    ivf->cp.max_points_per_centroid = 40;
    ivf->cp.seed = 1234;
    ivf->train(static_cast<faiss_id>(n), data.data());
    ivf->nprobe = static_cast<size_t>(options_.nprobe);
    dense_ = std::move(ivf);
  }
  if (n > 0) dense_->add_with_ids(static_cast<faiss_id>(n), data.data(), ids.data());
}

std::vector<std::pair<int64_t, float>> knowledge_index::dense_search(const embedding& q,
                                                                     int k) const {
  std::vector<std::pair<int64_t, float>> out;
  if (chunks_.empty() || k <= 0 || static_cast<int>(q.size()) != dimension_) return out;
  const auto want = static_cast<faiss_id>(std::min<size_t>(static_cast<size_t>(k), size()));
  std::vector<float> distances(static_cast<size_t>(want));
  std::vector<faiss_id> labels(static_cast<size_t>(want));
  dense_->search(1, q.data(), want, distances.data(), labels.data());
  for (faiss_id i = 0; i < want; ++i) {
    if (labels[i] >= 0) out.emplace_back(labels[i], distances[i]);
  }
  return out;
}

std::vector<std::pair<int64_t, float>> knowledge_index::exact_search(const embedding& q,
                                                                     int k) const {
  std::vector<std::pair<int64_t, float>> all;
  all.reserve(chunks_.size());
  for (const auto& [id, c] : chunks_) all.emplace_back(id, dot(q, c.vector));
  const auto keep = std::min(all.size(), static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
  all.resize(keep);
  return all;
}

std::vector<search_hit> knowledge_index::search(const std::string& query,
                                                const embedding& query_vector, int k) const {
  std::vector<search_hit> out;
  if (k <= 0 || chunks_.empty()) return out;
  const auto n = static_cast<int>(options_.candidates);
  auto dense = dense_search(query_vector, n);
  auto q = analyze(query);
  auto terms = std::move(q.stems);
  terms.insert(terms.end(), q.concepts.begin(), q.concepts.end());
  auto lexical = lexical_.top(terms, options_.candidates);

  // Fusion: cosine (clamped at 0) and BM25 relative to the best lexical match.
  std::unordered_map<int64_t, double> fused;
  const float best_bm25 = lexical.empty() ? 0.0f : lexical.front().second;
  const double wd = options_.dense_weight;
  for (const auto& [id, cos] : dense) fused[id] = wd * std::max(0.0f, cos);
  for (const auto& [id, bm25] : lexical) {
    auto [it, inserted] = fused.emplace(id, 0.0);
    if (inserted) it->second = wd * std::max(0.0f, dot(query_vector, chunks_.at(id).vector));
    it->second += (1 - wd) * (best_bm25 > 0 ? bm25 / best_bm25 : 0.0f);
  }
  // Best chunk per article.
  std::unordered_map<int64_t, std::pair<int64_t, double>> best;
  for (const auto& [id, score] : fused) {
    const auto article = chunks_.at(id).article_id;
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
    const auto& c = chunks_.at(ranked[i].first);
    out.push_back(search_hit{c.article_id, ranked[i].first, c.title, c.text,
                             std::min(1.0, ranked[i].second)});
  }
  return out;
}

}  // namespace centralita::vectorindex
