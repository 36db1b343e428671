#include "vectorindex/lexical_scorer.hpp"

#include <algorithm>
#include <cmath>

namespace centralita::vectorindex {

namespace {
constexpr float k1 = 1.2f;
constexpr float b = 0.75f;
}  // namespace

void lexical_scorer::add(int64_t doc_id, const std::vector<std::string>& terms) {
  remove(doc_id);
  std::unordered_map<uint32_t, float> tf;
  for (const auto& t : terms) {
    auto [it, inserted] = term_ids_.emplace(t, static_cast<uint32_t>(postings_.size()));
    if (inserted) {
      postings_.emplace_back();
      df_.push_back(0);
    }
    tf[it->second] += 1;
  }
  const auto slot = static_cast<uint32_t>(docs_.size());
  document d;
  d.id = doc_id;
  d.length = static_cast<float>(terms.size());
  d.live = true;
  d.terms.assign(tf.begin(), tf.end());
  for (const auto& [term, f] : d.terms) {
    postings_[term].push_back(posting{slot, f});
    ++df_[term];
  }
  total_length_ += d.length;
  docs_.push_back(std::move(d));
  slot_of_[doc_id] = slot;
  ++live_;
}

void lexical_scorer::remove(int64_t doc_id) {
  auto it = slot_of_.find(doc_id);
  if (it == slot_of_.end()) return;
  auto& d = docs_[it->second];
  for (const auto& [term, f] : d.terms) --df_[term];
  total_length_ -= d.length;
  d.live = false;
  d.terms.clear();
  slot_of_.erase(it);
  --live_;
  // Dead slots stay in the postings until they are a good share of the index.
  if (docs_.size() > 1000 && docs_.size() > 2 * live_) compact();
}

void lexical_scorer::compact() {
  std::vector<document> kept;
  kept.reserve(live_);
  for (auto& d : docs_) {
    if (d.live) kept.push_back(std::move(d));
  }
  docs_ = std::move(kept);
  for (auto& p : postings_) p.clear();
  slot_of_.clear();
  for (uint32_t slot = 0; slot < docs_.size(); ++slot) {
    slot_of_[docs_[slot].id] = slot;
    for (const auto& [term, f] : docs_[slot].terms) postings_[term].push_back(posting{slot, f});
  }
}

std::vector<std::pair<int64_t, float>> lexical_scorer::top(
    const std::vector<std::string>& query_terms, size_t n) const {
  std::vector<std::pair<int64_t, float>> out;
  if (live_ == 0 || n == 0) return out;
  std::vector<uint32_t> terms;
  for (const auto& t : query_terms) {
    auto it = term_ids_.find(t);
    if (it != term_ids_.end() && df_[it->second] > 0 &&
        std::find(terms.begin(), terms.end(), it->second) == terms.end()) {
      terms.push_back(it->second);
    }
  }
  if (terms.empty()) return out;
  scratch_.assign(docs_.size(), 0.0f);
  std::vector<uint32_t> touched;
  const auto n_docs = static_cast<float>(live_);
  const auto avg_length = static_cast<float>(total_length_ / live_);
  for (auto term : terms) {
    const auto df = static_cast<float>(df_[term]);
    const float idf = std::log(1.0f + (n_docs - df + 0.5f) / (df + 0.5f));
    for (const auto& p : postings_[term]) {
      const auto& d = docs_[p.slot];
      if (!d.live) continue;
      if (scratch_[p.slot] == 0.0f) touched.push_back(p.slot);
      scratch_[p.slot] +=
          idf * p.tf * (k1 + 1) / (p.tf + k1 * (1 - b + b * d.length / std::max(avg_length, 1.0f)));
    }
  }
  const size_t keep = std::min(n, touched.size());
  std::partial_sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(keep),
                    touched.end(),
                    [&](uint32_t x, uint32_t y) { return scratch_[x] > scratch_[y]; });
  out.reserve(keep);
  for (size_t i = 0; i < keep; ++i) out.emplace_back(docs_[touched[i]].id, scratch_[touched[i]]);
  return out;
}

}  // namespace centralita::vectorindex
