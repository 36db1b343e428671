#pragma once
// One knowledge-search result: the best chunk of an article and how well it matched.

#include <cstdint>
#include <string>

namespace centralita::vectorindex {

/// A chunk that answers a query; `score` is in [0, 1], higher is better.
struct search_hit {
  int64_t article_id = 0;
  int64_t chunk_id = 0;
  std::string title;
  std::string chunk;
  double score = 0;
};

}  // namespace centralita::vectorindex
