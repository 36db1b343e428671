#pragma once
// BM25 over analysed terms (stems and thesaurus concepts) of a tenant's chunks: the lexical half
// of hybrid search, strong where the dense vectors are weak (rare exact words: "CFDI", "OXXO").

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace centralita::vectorindex {

/// An inverted index with BM25 scoring (k1 = 1.2, b = 0.75). Queries are answered term at a
/// time with max-score pruning: rare terms first, and once the terms left cannot lift an unseen
/// document above the n-th score so far, they only complete the scores of the documents already
/// found. Each term's bound comes from its largest frequency and shortest document. Beyond that
/// exact pruning, a term with more than 8,000 postings is never read in full once rarer terms
/// found n documents, and at most 24n documents are completed: a bounded cost, at the price of
/// missing documents that hold only very common terms. Not thread-safe.
class lexical_scorer {
 public:
  /// Adds a document (a chunk id) with its terms; an id already present is replaced.
  void add(int64_t doc_id, const std::vector<std::string>& terms);
  /// Removes a document; unknown ids are ignored.
  void remove(int64_t doc_id);
  /// The `n` best documents for the query terms, best first, with their BM25 scores (> 0).
  /// `prune` false reads every posting: the exact reference for the pruned answer.
  std::vector<std::pair<int64_t, float>> top(const std::vector<std::string>& query_terms, size_t n,
                                             bool prune = true) const;
  /// Documents held.
  size_t size() const { return live_; }

  /// The analysed documents, for snapshots: restoring them skips the text analysis.
  struct stored {
    std::vector<std::string> terms;  ///< term ids index this
    struct document {
      int64_t id = 0;
      float length = 0;
      std::vector<std::pair<uint32_t, float>> terms;  ///< term id, frequency
    };
    std::vector<document> documents;
  };
  stored save() const;
  /// The scorer holding `s`; false when it refers to unknown terms.
  static bool restore(const stored& s, lexical_scorer& out);

 private:
  struct posting {
    uint32_t slot;
    float tf;
  };
  /// What bounds a term's BM25 contribution; only widened until a compaction recomputes it.
  struct term_bound {
    float max_tf = 0;
    float min_length = 0;
  };
  /// A document's terms are forward_[begin, begin + count): one flat array, so completing a
  /// document's score costs one cache miss (and is prefetched), not two pointer chases.
  struct document {
    int64_t id = 0;
    float length = 0;
    bool live = false;
    uint32_t begin = 0;
    uint32_t count = 0;
  };
  /// Appends a live document with its (term id, frequency) pairs in the slot after the last.
  void append(int64_t doc_id, float length, const std::pair<uint32_t, float>* terms, size_t count);
  void compact();

  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<std::vector<posting>> postings_;       ///< by term id; may hold dead slots
  std::vector<uint32_t> df_;                         ///< live documents per term
  std::vector<term_bound> bounds_;                   ///< by term id
  std::vector<document> docs_;                       ///< by slot
  std::vector<std::pair<uint32_t, float>> forward_;  ///< term id, frequency; dead ones linger
  std::vector<float> lengths_;  ///< by slot, 0 when dead: what a posting scan reads
  std::unordered_map<int64_t, uint32_t> slot_of_;
  size_t live_ = 0;
  double total_length_ = 0;
  mutable std::vector<float> scratch_;
};

}  // namespace centralita::vectorindex
