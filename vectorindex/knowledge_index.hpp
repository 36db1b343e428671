#pragma once
// One tenant's searchable knowledge: the chunks of its published articles with their vectors in
// FAISS, and a BM25 index of their terms. Search is hybrid: dense candidates (cosine) and
// lexical candidates (BM25) are fused, and each article appears once, with its best chunk.
//
// Index choice (ivf_index): exact search while the tenant is small, since a few thousand chunks
// cost well under a millisecond; from `approximate_threshold` chunks on, inverted lists with
// nlist ~ 4 sqrt(n) k-means cells trained on the tenant's own vectors, probing `nprobe` of them.
// IVF was chosen over HNSW because it removes ids in place (article updates and deletes) and
// builds in seconds, where HNSW in FAISS 1.7.3 cannot remove and took minutes for 100k vectors.
// It is retrained when the tenant has doubled since the last training. Lexical candidates come
// from BM25 with max-score pruning (lexical_scorer), so neither half visits every chunk. Not
// thread-safe: one owner (the knowledge actor) calls it, with OpenMP limited to one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/ivf_index.hpp"
#include "vectorindex/lexical_scorer.hpp"
#include "vectorindex/search_hit.hpp"
#include "vectorindex/text_analyzer.hpp"

namespace centralita::vectorindex {

/// A chunk ready to index; `search_text` is what was embedded (chunk_search_text()).
struct indexed_chunk {
  int64_t chunk_id = 0;
  std::string title;
  std::string text;
  std::string search_text;
  embedding vector;
};

/// Tuning of one index; the defaults are what the bench measured (README, Knowledge).
struct index_options {
  size_t approximate_threshold = 5000;  ///< chunks from which IVF replaces exact search
  int nprobe = 64;                      ///< IVF cells probed per query
  float dense_weight = 0.55f;           ///< fused score = dense * cosine + (1 - dense) * bm25
  size_t candidates = 50;               ///< taken from each side before fusion
};

/// What a snapshot covers, checked against the database before it is trusted.
struct snapshot_stamp {
  std::string embedder;                           ///< the name of the embedder of the vectors
  std::vector<std::pair<int64_t, int>> articles;  ///< (article id, version) of each article held
  /// (part, value) pairs naming where the data was read from (which database, which tenant):
  /// opaque here, compared by the owner of the index before it trusts the snapshot.
  std::vector<std::pair<std::string, std::string>> origin = {};
};

/// The chunks of one tenant.
class knowledge_index {
 public:
  explicit knowledge_index(int dimension, index_options options = {});
  ~knowledge_index();
  knowledge_index(knowledge_index&&) noexcept;
  knowledge_index& operator=(knowledge_index&&) noexcept;

  /// Replaces every chunk of the article with `chunks` (none: removes it). `lang` is the
  /// article's language, for its stems. errc::invalid_input for a vector of another dimension.
  /// A chunk id held by another article moves to this one (chunk ids are unique in the
  /// database, so the other article is out of date and is replaced or removed next).
  status upsert_article(int64_t article_id, language lang, std::vector<indexed_chunk> chunks);
  /// Removes the article's chunks; unknown ids are ignored.
  void remove_article(int64_t article_id);

  /// The `k` best articles for the question, each with its best chunk, best first. `exact`
  /// scans every vector and every posting: the reference the bench compares with.
  std::vector<search_hit> search(const std::string& query, const embedding& query_vector, int k,
                                 bool exact = false) const;
  /// The `k` nearest chunk ids by inner product through the current index (approximate when
  /// above the threshold), best first.
  std::vector<std::pair<int64_t, float>> dense_search(const embedding& query_vector, int k) const;
  /// The `n` best chunk ids by BM25 for the question's terms, best first.
  std::vector<std::pair<int64_t, float>> lexical_search(const std::string& query, int n,
                                                        bool exact = false) const;
  /// The same by brute force over every vector: the reference for recall.
  std::vector<std::pair<int64_t, float>> exact_search(const embedding& query_vector, int k) const;

  /// Chunks held.
  size_t size() const { return chunks_.size(); }
  /// Articles held.
  size_t articles() const { return article_chunks_.size(); }
  /// True when the article has chunks here.
  bool contains_article(int64_t article_id) const { return article_chunks_.count(article_id) > 0; }
  /// True when the dense side is approximate (IVF cells).
  bool approximate() const { return trained_size_ > 0; }
  int dimension() const { return dimension_; }

  /// The chunk ids of an article, in the order indexed (none when it is not held).
  std::vector<int64_t> chunks_of(int64_t article_id) const;

  /// Writes the chunks, their vectors, the IVF cells and the analysed terms to `path` (replaced
  /// atomically), with `stamp` and a checksum of the whole.
  status save(const std::string& path, const snapshot_stamp& stamp) const;
  /// A loaded snapshot and what it covers.
  struct loaded;
  /// Reads what save() wrote: errc::not_found without a file, errc::invalid_input when the file
  /// is not a snapshot of this format, is truncated or fails its checksum.
  static result<loaded> load(const std::string& path, index_options options = {});

 private:
  struct chunk_entry {
    int64_t article_id = 0;
    language lang = language::es;
    std::string title;
    std::string text;
    std::string search_text;
    embedding vector;
  };
  void release_chunk(int64_t chunk_id);
  void rebuild_dense();
  void maybe_switch_index();
  std::vector<std::string> terms_of(const std::string& search_text, language lang) const;

  int dimension_;
  index_options options_;
  std::unordered_map<int64_t, chunk_entry> chunks_;
  std::unordered_map<int64_t, std::vector<int64_t>> article_chunks_;
  lexical_scorer lexical_;
  ivf_index dense_;
  size_t trained_size_ = 0;  ///< chunks at the last training; 0 while exact
};

struct knowledge_index::loaded {
  knowledge_index index;
  snapshot_stamp stamp;
};

/// Makes FAISS on the calling thread use one OpenMP thread: its threads would fight the actor
/// scheduler, and libgomp keeps a pool per calling thread.
void limit_faiss_threads();

}  // namespace centralita::vectorindex
