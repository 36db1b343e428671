#pragma once
// The dense half of knowledge search: unit vectors in inverted lists, searched by inner product.
// With one list it is exact search. For a large tenant the lists are the cells of a k-means of its
// vectors (FAISS's k-means, which runs on BLAS) and a query scans the `nprobe` cells whose
// centroids are nearest. The scan is ours rather than FAISS's: Debian's FAISS is built without
// SIMD, and a 384-float dot product with AVX2/FMA costs a tenth of its scalar loop; each list
// keeps its vectors contiguous, so a probe streams memory. Ids are removed in place (the list's
// last vector takes the removed one's place). Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace centralita::vectorindex {

/// Inner product of two vectors of `n` floats (AVX2/FMA when the CPU has it).
float dot(const float* a, const float* b, size_t n);

class ivf_index {
 public:
  explicit ivf_index(int dimension);

  /// Replaces the lists: `nlist` cells trained on `vectors` (one list, exact, when nlist <= 1),
  /// then every vector added. `vector_of` gives an id's vector.
  void rebuild(size_t nlist, const std::vector<int64_t>& ids,
               const std::function<const float*(int64_t)>& vector_of);
  /// Restores lists saved by centroids() and list_ids(); false when they do not fit.
  bool restore(std::vector<float> centroids, const std::vector<std::vector<int64_t>>& lists,
               const std::function<const float*(int64_t)>& vector_of);

  /// Adds (or moves) `id` with its vector, into the cell of the nearest centroid.
  void add(int64_t id, const float* v);
  /// Removes `id`; unknown ids are ignored.
  void remove(int64_t id);

  /// The `k` best ids by inner product with `q`, best first, scanning the `nprobe` nearest
  /// cells (every cell when nprobe >= lists()).
  std::vector<std::pair<int64_t, float>> search(const float* q, size_t k, size_t nprobe) const;

  size_t size() const { return where_.size(); }
  size_t lists() const { return lists_.size(); }
  /// The centroids, lists() * dimension floats (empty with a single list).
  const std::vector<float>& centroids() const { return centroids_; }
  /// The ids of each list, in order.
  std::vector<std::vector<int64_t>> list_ids() const;

 private:
  /// A cell. Its vectors are kept twice: as floats, and as int8 codes with a scale per vector
  /// (code * scale ~ float). A probe streams the codes, a quarter of the bytes (the scan is
  /// bound by memory, not arithmetic), and ranks only the best few again by the floats.
  struct list {
    std::vector<int64_t> ids;
    std::vector<float> vectors;
    std::vector<int8_t> codes;
    std::vector<float> scales;
  };
  size_t nearest_list(const float* v) const;
  void quantize_centroids();
  void append(size_t list_no, int64_t id, const float* v);

  size_t d_;
  std::vector<float> centroids_;
  std::vector<int8_t> centroid_codes_;  ///< int8 codes of the centroids, to shortlist cells
  std::vector<float> centroid_scales_;
  std::vector<list> lists_;
  std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> where_;  ///< id -> (list, position)
};

}  // namespace centralita::vectorindex
