#include "vectorindex/lexical_scorer.hpp"

#include <algorithm>
#include <cmath>

namespace centralita::vectorindex {

namespace {
constexpr float k1 = 1.2f;
constexpr float b = 0.75f;
// Posting lists longer than this are read only when the rarer terms found too few documents.
constexpr size_t long_postings = 8000;
constexpr size_t completed_per_result = 32;

template <class Bound>
void widen(Bound& bound, float tf, float length) {
  if (bound.max_tf == 0 || length < bound.min_length) bound.min_length = length;
  bound.max_tf = std::max(bound.max_tf, tf);
}

// BM25's term-frequency part; grows with tf, shrinks with the document's length.
float saturate(float tf, float length, float avg_length) {
  return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / std::max(avg_length, 1.0f)));
}

}  // namespace

void lexical_scorer::add(int64_t doc_id, const std::vector<std::string>& terms) {
  remove(doc_id);
  std::unordered_map<uint32_t, float> tf;
  for (const auto& t : terms) {
    auto [it, inserted] = term_ids_.emplace(t, static_cast<uint32_t>(postings_.size()));
    if (inserted) {
      postings_.emplace_back();
      df_.push_back(0);
      bounds_.emplace_back();
    }
    tf[it->second] += 1;
  }
  const std::vector<std::pair<uint32_t, float>> pairs(tf.begin(), tf.end());
  for (const auto& [term, f] : pairs) ++df_[term];
  const auto length = static_cast<float>(terms.size());
  append(doc_id, length, pairs.data(), pairs.size());
  total_length_ += length;
  ++live_;
}

void lexical_scorer::append(int64_t doc_id, float length, const std::pair<uint32_t, float>* terms,
                            size_t count) {
  const auto slot = static_cast<uint32_t>(docs_.size());
  docs_.push_back(document{doc_id, length, true, static_cast<uint32_t>(forward_.size()),
                           static_cast<uint32_t>(count)});
  forward_.insert(forward_.end(), terms, terms + count);
  for (size_t i = 0; i < count; ++i) {
    postings_[terms[i].first].push_back(posting{slot, terms[i].second});
    widen(bounds_[terms[i].first], terms[i].second, length);
  }
  lengths_.push_back(length);
  slot_of_[doc_id] = slot;
}

void lexical_scorer::remove(int64_t doc_id) {
  auto it = slot_of_.find(doc_id);
  if (it == slot_of_.end()) return;
  auto& d = docs_[it->second];
  for (uint32_t i = d.begin; i < d.begin + d.count; ++i) --df_[forward_[i].first];
  total_length_ -= d.length;
  d.live = false;
  lengths_[it->second] = 0;
  slot_of_.erase(it);
  --live_;
  // Dead slots stay in the postings until they are a good share of the index.
  if (docs_.size() > 1000 && docs_.size() > 2 * live_) compact();
}

void lexical_scorer::compact() {
  const auto old_docs = std::move(docs_);
  const auto old_forward = std::move(forward_);
  docs_.clear();
  forward_.clear();
  docs_.reserve(live_);
  lengths_.clear();
  for (auto& p : postings_) p.clear();
  bounds_.assign(bounds_.size(), term_bound{});
  slot_of_.clear();
  for (const auto& d : old_docs) {
    if (d.live) append(d.id, d.length, old_forward.data() + d.begin, d.count);
  }
}

lexical_scorer::stored lexical_scorer::save() const {
  stored s;
  s.terms.resize(term_ids_.size());
  for (const auto& [term, id] : term_ids_) s.terms[id] = term;
  s.documents.reserve(live_);
  for (const auto& d : docs_) {
    if (!d.live) continue;
    const auto first = forward_.begin() + d.begin;
    s.documents.push_back({d.id, d.length, {first, first + d.count}});
  }
  return s;
}

bool lexical_scorer::restore(const stored& s, lexical_scorer& out) {
  out = lexical_scorer{};
  for (uint32_t id = 0; id < s.terms.size(); ++id) {
    if (!out.term_ids_.emplace(s.terms[id], id).second) return false;
  }
  out.postings_.resize(s.terms.size());
  out.df_.assign(s.terms.size(), 0);
  out.bounds_.assign(s.terms.size(), term_bound{});
  for (const auto& sd : s.documents) {
    if (out.slot_of_.count(sd.id) != 0) return false;
    for (const auto& [term, f] : sd.terms) {
      if (term >= s.terms.size()) return false;
      ++out.df_[term];
    }
    out.append(sd.id, sd.length, sd.terms.data(), sd.terms.size());
    out.total_length_ += sd.length;
    ++out.live_;
  }
  return true;
}

std::vector<std::pair<int64_t, float>> lexical_scorer::top(
    const std::vector<std::string>& query_terms, size_t n, bool prune) const {
  std::vector<std::pair<int64_t, float>> out;
  if (live_ == 0 || n == 0) return out;
  const auto n_docs = static_cast<float>(live_);
  const auto avg_length = static_cast<float>(total_length_ / live_);
  struct query_term {
    uint32_t id;
    float idf;
    float bound;  ///< the most this term adds to any document
  };
  std::vector<query_term> terms;
  for (const auto& t : query_terms) {
    auto it = term_ids_.find(t);
    if (it == term_ids_.end() || df_[it->second] == 0) continue;
    const auto id = it->second;
    if (std::any_of(terms.begin(), terms.end(), [&](const auto& q) { return q.id == id; })) {
      continue;
    }
    const auto df = static_cast<float>(df_[id]);
    const float idf = std::log(1.0f + (n_docs - df + 0.5f) / (df + 0.5f));
    terms.push_back(
        {id, idf, idf * saturate(bounds_[id].max_tf, bounds_[id].min_length, avg_length)});
  }
  if (terms.empty()) return out;
  std::sort(terms.begin(), terms.end(),
            [](const auto& x, const auto& y) { return x.bound > y.bound; });
  // left[i]: the most terms i.. can add together.
  std::vector<float> left(terms.size() + 1, 0.0f);
  for (size_t i = terms.size(); i-- > 0;) left[i] = left[i + 1] + terms[i].bound;

  scratch_.resize(docs_.size(), 0.0f);
  std::vector<uint32_t> touched;
  std::vector<float> kth;
  float top_score = 0;  // the n-th score cannot be above it: most checks end here
  size_t i = 0;
  for (; i < terms.size(); ++i) {
    // Stop opening posting lists once no unseen document can reach the n-th score so far.
    // Approximate: a very common term (a long list, a low idf) only completes the documents
    // the rarer terms found.
    const bool common = postings_[terms[i].id].size() > long_postings;
    if (prune && i > 0 && touched.size() >= n && (common || left[i] <= top_score)) {
      kth.clear();
      for (auto slot : touched) kth.push_back(scratch_[slot]);
      std::nth_element(kth.begin(), kth.begin() + static_cast<std::ptrdiff_t>(n - 1), kth.end(),
                       std::greater<>());
      if (common || left[i] <= kth[n - 1]) break;
    }
    const float idf = terms[i].idf;
    for (const auto& p : postings_[terms[i].id]) {
      const float length = lengths_[p.slot];
      if (length == 0) continue;  // a removed document
      float& score = scratch_[p.slot];
      if (score == 0.0f) touched.push_back(p.slot);
      score += idf * saturate(p.tf, length, avg_length);
      top_score = std::max(top_score, score);
    }
  }
  if (i < terms.size()) {
    // The terms not opened complete the documents found that can still reach the n-th score.
    const float threshold = kth[n - 1];
    std::vector<uint32_t> open;
    for (auto slot : touched) {
      if (scratch_[slot] + left[i] > threshold) open.push_back(slot);
    }
    // At most the best `completed_per_result * n` by partial score: a bounded cost.
    const size_t cap = completed_per_result * n;
    if (open.size() > cap) {
      std::nth_element(open.begin(), open.begin() + static_cast<std::ptrdiff_t>(cap), open.end(),
                       [&](uint32_t x, uint32_t y) { return scratch_[x] > scratch_[y]; });
      open.resize(cap);
    }
    // Random reads: the document and its terms are prefetched a few documents ahead.
    constexpr size_t ahead = 8;
    for (size_t o = 0; o < open.size(); ++o) {
      if (o + 2 * ahead < open.size()) __builtin_prefetch(&docs_[open[o + 2 * ahead]]);
      if (o + ahead < open.size())
        __builtin_prefetch(forward_.data() + docs_[open[o + ahead]].begin);
      const auto slot = open[o];
      const auto& d = docs_[slot];
      for (uint32_t t = d.begin; t < d.begin + d.count; ++t) {
        const auto [term, f] = forward_[t];
        for (size_t j = i; j < terms.size(); ++j) {
          if (terms[j].id == term) {
            scratch_[slot] += terms[j].idf * saturate(f, d.length, avg_length);
          }
        }
      }
    }
  }
  const size_t keep = std::min(n, touched.size());
  const auto better = [&](uint32_t x, uint32_t y) {
    return scratch_[x] != scratch_[y] ? scratch_[x] > scratch_[y] : docs_[x].id < docs_[y].id;
  };
  const auto kept = touched.begin() + static_cast<std::ptrdiff_t>(keep);
  std::nth_element(touched.begin(), kept, touched.end(), better);
  std::sort(touched.begin(), kept, better);
  out.reserve(keep);
  for (size_t k = 0; k < keep; ++k) out.emplace_back(docs_[touched[k]].id, scratch_[touched[k]]);
  // Leave the scratch scores at zero for the next query.
  for (auto slot : touched) scratch_[slot] = 0.0f;
  return out;
}

}  // namespace centralita::vectorindex
