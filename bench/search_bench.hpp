#pragma once
// `centralita-bench search`: knowledge search at scale. Builds one tenant's index of synthetic
// chunks (sentences of the evaluation articles, recombined, embedded by the local embedder),
// then prints one JSON object: search latency p50/p99 (hybrid search and the dense half
// alone), recall@10 against exact search (dense: the IVF cells against every vector; hybrid: the
// 10 chunks the search answers against those of the same scorer over every vector and every
// posting), recall@3 of the labelled questions, of the development set and of the two held-out
// sets (vectorindex/eval/dev, heldout and fresh, over the same 22 articles: overall, by the
// question's language, cross-language and with no word shared with the article, misses on
// stderr) with the embedder the server would use (actors/knowledge_embedder.hpp), and the
// import rate (chunk + embed + store in PostgreSQL when a database is given, else in memory).

#include <string>

namespace centralita::bench {

/// What the search bench does.
struct search_options {
  int chunks = 100000;
  int queries = 2000;
  int import_articles = 2000;
  std::string database_url;  ///< empty: the import is measured in memory
  std::string tenant = "demo";
  int nprobe = 64;           ///< IVF cells probed (index_options::nprobe)
  bool recall_only = false;  ///< print the recall figures alone, without the index at scale
  /// Details the misses of the sets the search is tuned on (labelled and development); the
  /// held-out sets' misses stay one line each, so they are reported, not tuned on.
  bool explain = false;
};

/// Runs the bench and prints its JSON object; non-zero when it could not run.
int run_search(const search_options& options);

}  // namespace centralita::bench
