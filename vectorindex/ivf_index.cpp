#include "vectorindex/ivf_index.hpp"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace centralita::vectorindex {

namespace {

// Four accumulators: independent additions the compiler can keep in flight.
float dot_plain(const float* a, const float* b, size_t n) {
  float s[4] = {0, 0, 0, 0};
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (size_t j = 0; j < 4; ++j) s[j] += a[i + j] * b[i + j];
  }
  float r = (s[0] + s[1]) + (s[2] + s[3]);
  for (; i < n; ++i) r += a[i] * b[i];
  return r;
}

__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, size_t n) {
  __m256 s0 = _mm256_setzero_ps();
  __m256 s1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
  }
  const __m256 s = _mm256_add_ps(s0, s1);
  __m128 x = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  x = _mm_hadd_ps(x, x);
  x = _mm_hadd_ps(x, x);
  float r = _mm_cvtss_f32(x);
  for (; i < n; ++i) r += a[i] * b[i];
  return r;
}

using dot_fn = float (*)(const float*, const float*, size_t);

bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

const dot_fn dot_impl = has_avx2() ? dot_avx2 : dot_plain;

// Integer inner product of a query quantized to int16 with a vector's int8 codes. No overflow:
// |q| <= 32767 and |code| <= 127 over 384 dimensions stay far below 2^31.
int32_t dot_codes_plain(const int16_t* q, const int8_t* c, size_t n) {
  int32_t s = 0;
  for (size_t i = 0; i < n; ++i) s += int32_t{q[i]} * c[i];
  return s;
}

__attribute__((target("avx2"))) int32_t dot_codes_avx2(const int16_t* q, const int8_t* c,
                                                       size_t n) {
  __m256i s0 = _mm256_setzero_si256();
  __m256i s1 = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i c0 =
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c + i)));
    const __m256i c1 =
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c + i + 16)));
    s0 = _mm256_add_epi32(
        s0, _mm256_madd_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i)), c0));
    s1 = _mm256_add_epi32(
        s1,
        _mm256_madd_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i + 16)), c1));
  }
  const __m256i s = _mm256_add_epi32(s0, s1);
  __m128i x = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
  x = _mm_hadd_epi32(x, x);
  x = _mm_hadd_epi32(x, x);
  int32_t r = _mm_cvtsi128_si32(x);
  for (; i < n; ++i) r += int32_t{q[i]} * c[i];
  return r;
}

using dot_codes_fn = int32_t (*)(const int16_t*, const int8_t*, size_t);

const dot_codes_fn dot_codes = has_avx2() ? dot_codes_avx2 : dot_codes_plain;

// Symmetric linear quantization: code = round(x / scale), scale = max |x| / limit (0: all zero).
template <class Code>
float quantize(const float* v, size_t n, float limit, Code* out) {
  float largest = 0;
  for (size_t i = 0; i < n; ++i) largest = std::max(largest, std::abs(v[i]));
  const float scale = largest / limit;
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<Code>(scale > 0 ? std::lround(v[i] / scale) : 0);
  }
  return scale;
}

// Candidates ranked again by floats after the int8 scan: the int8 score is off by about 1e-3,
// well inside this margin for the k best.
size_t rerank_candidates(size_t k) { return 2 * k + 32; }

// A vector per centroid to train on: enough for k-means, a bounded cost.
constexpr size_t train_points_per_list = 40;
constexpr size_t assign_batch = 4096;

}  // namespace

float dot(const float* a, const float* b, size_t n) { return dot_impl(a, b, n); }

ivf_index::ivf_index(int dimension) : d_(static_cast<size_t>(dimension)), lists_(1) {}

std::vector<std::vector<int64_t>> ivf_index::list_ids() const {
  std::vector<std::vector<int64_t>> out;
  out.reserve(lists_.size());
  for (const auto& l : lists_) out.push_back(l.ids);
  return out;
}

void ivf_index::append(size_t list_no, int64_t id, const float* v) {
  auto& l = lists_[list_no];
  where_[id] = {static_cast<uint32_t>(list_no), static_cast<uint32_t>(l.ids.size())};
  l.ids.push_back(id);
  l.vectors.insert(l.vectors.end(), v, v + d_);
  l.codes.resize(l.codes.size() + d_);
  l.scales.push_back(quantize(v, d_, 127.0f, l.codes.data() + l.codes.size() - d_));
}

void ivf_index::quantize_centroids() {
  const size_t n = centroids_.size() / d_;
  centroid_codes_.resize(centroids_.size());
  centroid_scales_.resize(n);
  for (size_t c = 0; c < n; ++c) {
    centroid_scales_[c] =
        quantize(centroids_.data() + c * d_, d_, 127.0f, centroid_codes_.data() + c * d_);
  }
}

size_t ivf_index::nearest_list(const float* v) const {
  size_t best = 0;
  float best_score = -1e30f;
  for (size_t c = 0; c < lists_.size() && !centroids_.empty(); ++c) {
    const float s = dot_impl(v, centroids_.data() + c * d_, d_);
    if (s > best_score) {
      best_score = s;
      best = c;
    }
  }
  return best;
}

void ivf_index::add(int64_t id, const float* v) {
  remove(id);
  append(nearest_list(v), id, v);
}

void ivf_index::remove(int64_t id) {
  auto it = where_.find(id);
  if (it == where_.end()) return;
  const auto [list_no, pos] = it->second;
  where_.erase(it);
  auto& l = lists_[list_no];
  const size_t last = l.ids.size() - 1;
  if (pos != last) {
    l.ids[pos] = l.ids[last];
    std::copy_n(l.vectors.begin() + static_cast<std::ptrdiff_t>(last * d_), d_,
                l.vectors.begin() + static_cast<std::ptrdiff_t>(pos * d_));
    std::copy_n(l.codes.begin() + static_cast<std::ptrdiff_t>(last * d_), d_,
                l.codes.begin() + static_cast<std::ptrdiff_t>(pos * d_));
    l.scales[pos] = l.scales[last];
    where_[l.ids[pos]].second = pos;
  }
  l.ids.pop_back();
  l.vectors.resize(last * d_);
  l.codes.resize(last * d_);
  l.scales.pop_back();
}

void ivf_index::rebuild(size_t nlist, const std::vector<int64_t>& ids,
                        const std::function<const float*(int64_t)>& vector_of) {
  nlist = std::min(nlist, ids.size() / train_points_per_list);
  where_.clear();
  centroids_.clear();
  quantize_centroids();
  lists_.assign(std::max<size_t>(nlist, 1), list{});
  if (nlist <= 1) {
    for (auto id : ids) append(0, id, vector_of(id));
    return;
  }
  // Train on a deterministic sample.
  std::vector<int64_t> sample = ids;
  std::mt19937_64 rng{1234};
  std::shuffle(sample.begin(), sample.end(), rng);
  sample.resize(std::min(sample.size(), nlist * train_points_per_list));
  std::vector<float> data;
  data.reserve(sample.size() * d_);
  for (auto id : sample) data.insert(data.end(), vector_of(id), vector_of(id) + d_);
  faiss::ClusteringParameters cp;
  cp.niter = 12;
  cp.seed = 1234;
  cp.spherical = true;  // unit centroids: inner product ranks cells like cosine
  cp.max_points_per_centroid = static_cast<int>(train_points_per_list);
  faiss::Clustering clustering(static_cast<int>(d_), static_cast<int>(nlist), cp);
  faiss::IndexFlatIP quantizer(static_cast<faiss::Index::idx_t>(d_));
  clustering.train(static_cast<faiss::Index::idx_t>(sample.size()), data.data(), quantizer);
  centroids_ = clustering.centroids;
  quantize_centroids();

  // Assign in batches: FAISS runs a batch of queries as one matrix product.
  faiss::IndexFlatIP assign(static_cast<faiss::Index::idx_t>(d_));
  assign.add(static_cast<faiss::Index::idx_t>(nlist), centroids_.data());
  std::vector<faiss::Index::idx_t> labels(assign_batch);
  std::vector<float> scores(assign_batch);
  for (size_t first = 0; first < ids.size(); first += assign_batch) {
    const size_t n = std::min(assign_batch, ids.size() - first);
    data.clear();
    for (size_t i = 0; i < n; ++i) {
      const float* v = vector_of(ids[first + i]);
      data.insert(data.end(), v, v + d_);
    }
    assign.search(static_cast<faiss::Index::idx_t>(n), data.data(), 1, scores.data(),
                  labels.data());
    for (size_t i = 0; i < n; ++i) {
      const auto label = labels[i] >= 0 ? static_cast<size_t>(labels[i]) : 0;
      append(label, ids[first + i], vector_of(ids[first + i]));
    }
  }
}

bool ivf_index::restore(std::vector<float> centroids,
                        const std::vector<std::vector<int64_t>>& lists,
                        const std::function<const float*(int64_t)>& vector_of) {
  if (lists.empty() || (lists.size() > 1 && centroids.size() != lists.size() * d_) ||
      (lists.size() == 1 && !centroids.empty())) {
    return false;
  }
  centroids_ = std::move(centroids);
  quantize_centroids();
  where_.clear();
  lists_.assign(lists.size(), list{});
  for (size_t l = 0; l < lists.size(); ++l) {
    for (auto id : lists[l]) {
      const float* v = vector_of(id);
      if (v == nullptr || where_.count(id) != 0) return false;
      append(l, id, v);
    }
  }
  return true;
}

std::vector<std::pair<int64_t, float>> ivf_index::search(const float* q, size_t k,
                                                         size_t nprobe) const {
  std::vector<std::pair<int64_t, float>> out;
  if (k == 0 || where_.empty()) return out;
  std::vector<int16_t> qcodes(d_);
  // The query's scale is one factor for every candidate: it does not change their order.
  quantize(q, d_, 32767.0f, qcodes.data());
  // The cells to scan.
  std::vector<uint32_t> probe;
  if (lists_.size() == 1 || nprobe >= lists_.size()) {
    probe.resize(lists_.size());
    for (uint32_t i = 0; i < probe.size(); ++i) probe[i] = i;
  } else {
    // The centroids' int8 codes pick a few more cells than probed; their floats pick the cells.
    std::vector<std::pair<float, uint32_t>> cells(lists_.size());
    for (uint32_t c = 0; c < cells.size(); ++c) {
      cells[c] = {
          static_cast<float>(dot_codes(qcodes.data(), centroid_codes_.data() + c * d_, d_)) *
              centroid_scales_[c],
          c};
    }
    const auto higher = [](const auto& a, const auto& b) { return a.first > b.first; };
    const size_t shortlist = std::min(cells.size(), nprobe + rerank_candidates(nprobe) / 2);
    std::nth_element(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(shortlist - 1),
                     cells.end(), higher);
    cells.resize(shortlist);
    for (auto& [score, c] : cells) score = dot_impl(q, centroids_.data() + c * d_, d_);
    std::partial_sort(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(nprobe),
                      cells.end(), higher);
    for (size_t i = 0; i < nprobe; ++i) probe.push_back(cells[i].second);
  }
  // First pass over the int8 codes: a min-heap of the best candidates so far (list, position);
  // most vectors fail the comparison with its top.
  const size_t wanted = std::min(rerank_candidates(k), where_.size());
  using candidate = std::pair<float, std::pair<uint32_t, uint32_t>>;
  const auto worse = [](const candidate& a, const candidate& b) { return a.first > b.first; };
  std::vector<candidate> heap;
  heap.reserve(wanted + 1);
  for (auto c : probe) {
    const auto& l = lists_[c];
    const int8_t* code = l.codes.data();
    for (uint32_t i = 0; i < l.ids.size(); ++i, code += d_) {
      const float s = static_cast<float>(dot_codes(qcodes.data(), code, d_)) * l.scales[i];
      if (heap.size() < wanted) {
        heap.push_back({s, {c, i}});
        std::push_heap(heap.begin(), heap.end(), worse);
      } else if (s > heap.front().first) {
        std::pop_heap(heap.begin(), heap.end(), worse);
        heap.back() = {s, {c, i}};
        std::push_heap(heap.begin(), heap.end(), worse);
      }
    }
  }
  // Second pass: the candidates by their float vectors, as the whole scan would score them.
  out.reserve(heap.size());
  for (const auto& [approx, at] : heap) {
    const auto& l = lists_[at.first];
    out.emplace_back(l.ids[at.second],
                     dot_impl(q, l.vectors.data() + static_cast<size_t>(at.second) * d_, d_));
  }
  const size_t keep = std::min(k, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
  out.resize(keep);
  return out;
}

}  // namespace centralita::vectorindex
