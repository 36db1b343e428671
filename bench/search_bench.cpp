#include "bench/search_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <unordered_set>

#include "actors/knowledge_embedder.hpp"
#include "bench/stats.hpp"
#include "config/settings.hpp"
#include "storage/knowledge_repo.hpp"
#include "storage/seed_data.hpp"
#include "storage/tenant_repo.hpp"
#include "vectorindex/chunker.hpp"
#include "vectorindex/eval_set.hpp"
#include "vectorindex/local_embedder.hpp"

namespace centralita::bench {

namespace {

using clock_type = std::chrono::steady_clock;
namespace vi = vectorindex;

double ms_since(clock_type::time_point t) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

result<std::vector<vi::markdown_article>> eval_articles() {
  std::vector<vi::markdown_article> out;
  for (const auto& a : storage::demo::demo_articles()) {
    auto parsed = vi::parse_markdown_article(a.body);
    if (!parsed) return parsed.error();
    out.push_back(std::move(*parsed));
  }
  auto more =
      vi::load_markdown_dir(std::string{CENTRALITA_SOURCE_DIR} + "/vectorindex/eval/articles");
  if (!more) return more.error();
  out.insert(out.end(), more->begin(), more->end());
  return out;
}

// A set over the held-out set's articles (the labelled set's and its own): the held-out
// questions, or the development ones that the search may be tuned on (vectorindex/eval/dev).
struct question_set {
  std::vector<vi::markdown_article> articles;
  std::vector<vi::labelled_question> questions;
};

result<question_set> load_set(const std::vector<vi::markdown_article>& labelled_articles,
                              const std::string& questions_file) {
  const std::string dir = std::string{CENTRALITA_SOURCE_DIR} + "/vectorindex/eval/";
  question_set out;
  out.articles = labelled_articles;
  auto more = vi::load_markdown_dir(dir + "heldout/articles");
  if (!more) return more.error();
  out.articles.insert(out.articles.end(), more->begin(), more->end());
  auto questions = vi::load_questions(dir + questions_file);
  if (!questions) return questions.error();
  out.questions = std::move(*questions);
  return out;
}

// `"heldout_questions":168,"heldout_recall_at_3":0.95,"heldout_es_questions":…,…` for every
// slice (`prefix` "dev", "heldout" or "fresh"), the misses on stderr (explained when asked).
result<std::string> set_fields(const question_set& set, const vi::embedder& e,
                               const std::string& prefix, bool explain) {
  auto report = vi::measure_recall(set.articles, set.questions, e, 3, {}, explain);
  if (!report) return report.error();
  for (const auto& m : report->misses) {
    std::fprintf(stderr, "%s miss: %s\n", prefix.c_str(), m.c_str());
  }
  std::string out;
  char buf[160];
  for (const auto& s : vi::recall_slices(set.articles, set.questions, *report)) {
    const std::string name = s.name == "all" ? prefix : prefix + "_" + s.name;
    std::snprintf(buf, sizeof buf, ",\"%s_questions\":%zu,\"%s_recall_at_3\":%.4f", name.c_str(),
                  s.questions, name.c_str(), s.recall());
    out += buf;
  }
  return out;
}

// Sentences of the evaluation articles: the material synthetic chunks are made of.
std::vector<std::string> sentence_pool(const std::vector<vi::markdown_article>& articles) {
  std::vector<std::string> out;
  for (const auto& a : articles) {
    std::string current;
    for (char c : a.body) {
      current += c;
      if (c == '.' || c == '\n' || c == '?') {
        if (current.size() > 20) out.push_back(current);
        current.clear();
      }
    }
  }
  return out;
}

std::string synthetic_text(std::mt19937_64& rng, const std::vector<std::string>& pool, int n) {
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::string out;
  for (int i = 0; i < n; ++i) out += pool[pick(rng)] + " ";
  // A random reference makes each chunk distinct, as real articles are.
  out += "ref " + std::to_string(rng() % 100000);
  return out;
}

// Import rate: chunk, embed and store `n` articles (PostgreSQL) or index them (memory).
result<double> import_rate(const search_options& o, const std::vector<std::string>& pool,
                           const vi::local_embedder& e, std::string& mode) {
  std::mt19937_64 rng{7};
  std::vector<std::pair<std::string, std::string>> docs;
  for (int i = 0; i < o.import_articles; ++i) {
    docs.emplace_back("Artículo de prueba " + std::to_string(i),
                      "## Sección\n\n" + synthetic_text(rng, pool, 4) + "\n\n## Otra\n\n" +
                          synthetic_text(rng, pool, 4));
  }
  const auto started = clock_type::now();
  if (o.database_url.empty()) {
    mode = "memory";
    vi::knowledge_index index{e.dimension()};
    int64_t next = 1;
    for (size_t i = 0; i < docs.size(); ++i) {
      auto prepared = vi::prepare_chunks(docs[i].first, docs[i].second, e);
      if (!prepared) return prepared.error();
      std::vector<vi::indexed_chunk> chunks;
      for (auto& p : *prepared) {
        chunks.push_back(vi::to_indexed(next++, docs[i].first, p.text, std::move(p.vector)));
      }
      if (auto s = index.upsert_article(static_cast<int64_t>(i + 1), vi::language::es,
                                        std::move(chunks));
          !s) {
        return s.error();
      }
    }
    return docs.size() / (ms_since(started) / 1000.0);
  }
  mode = "postgresql";
  auto db = storage::pg_connection::open(o.database_url);
  if (!db) return db.error();
  auto tenant = storage::tenant_repo{*db}.find_by_slug(o.tenant);
  if (!tenant) return tenant.error();
  storage::knowledge_repo repo{*db};
  const storage::actor who{"system", std::nullopt};
  std::vector<int64_t> ids;
  constexpr size_t batch = 200;
  for (size_t first = 0; first < docs.size(); first += batch) {
    std::vector<storage::article_input> inputs;
    std::vector<std::vector<storage::chunk_row>> rows;
    for (size_t i = first; i < std::min(docs.size(), first + batch); ++i) {
      storage::article_input a;
      a.title = docs[i].first;
      a.body = docs[i].second;
      a.status = "draft";  // not searchable: the bench leaves the demo tenant's search alone
      auto prepared = vi::prepare_chunks(a.title, a.body, e);
      if (!prepared) return prepared.error();
      std::vector<storage::chunk_row> r;
      for (auto& p : *prepared) r.push_back({p.ordinal, std::move(p.text), std::move(p.vector)});
      inputs.push_back(std::move(a));
      rows.push_back(std::move(r));
    }
    auto created = repo.create_many(tenant->id, who, inputs, rows, e.name());
    if (!created) return created.error();
    for (const auto& a : *created) ids.push_back(a.id);
  }
  const double rate = docs.size() / (ms_since(started) / 1000.0);
  // Clean up what the bench wrote (articles, chunks by cascade, and their audit rows).
  auto cleanup = db->exec(
      "WITH gone AS (DELETE FROM knowledge_articles WHERE tenant_id = $1 AND id = "
      "ANY($2::bigint[]) "
      " RETURNING id::text) "
      "DELETE FROM audit_log WHERE tenant_id = $1 AND entity_type = 'knowledge_article' "
      " AND entity_id IN (SELECT id FROM gone)",
      {std::to_string(tenant->id), storage::int_array(ids)});
  if (!cleanup) return cleanup.error();
  return rate;
}

}  // namespace

int run_search(const search_options& o) {
  vi::limit_faiss_threads();
  const vi::local_embedder e;
  // The recall figures are the configured embedder's (CENTRALITA_EMBEDDER), as the server would
  // search; the index at scale is always the local embedder's, for its latency.
  auto settings = config::load(config::environment());
  if (!settings) {
    std::fprintf(stderr, "search bench: %s\n", settings.error().message.c_str());
    return 1;
  }
  auto chosen = actors::knowledge_embedder(*settings);
  if (!chosen) {
    std::fprintf(stderr, "search bench: %s\n", chosen.error().message.c_str());
    return 1;
  }
  const vi::embedder& recall_embedder = **chosen;
  auto articles = eval_articles();
  auto questions =
      vi::load_questions(std::string{CENTRALITA_SOURCE_DIR} + "/vectorindex/eval/questions.tsv");
  if (!articles || !questions) {
    std::fprintf(stderr, "search bench: cannot read the evaluation set\n");
    return 1;
  }
  auto recall3 = vi::measure_recall(*articles, *questions, recall_embedder, 3, {}, o.explain);
  if (!recall3) {
    std::fprintf(stderr, "search bench: %s\n", recall3.error().message.c_str());
    return 1;
  }
  std::string sets_json;
  struct named_set {
    const char* prefix;
    const char* file;
    bool tuned_on;
  };
  for (const auto& [prefix, file, tuned_on] : {named_set{"dev", "dev/questions.tsv", true},
                                               named_set{"heldout", "heldout/questions.tsv", false},
                                               named_set{"fresh", "fresh/questions.tsv", false}}) {
    auto set = load_set(*articles, file);
    if (!set) {
      std::fprintf(stderr, "search bench: %s set: %s\n", prefix, set.error().message.c_str());
      return 1;
    }
    auto fields = set_fields(*set, recall_embedder, prefix, tuned_on && o.explain);
    if (!fields) {
      std::fprintf(stderr, "search bench: %s set: %s\n", prefix, fields.error().message.c_str());
      return 1;
    }
    sets_json += *fields;
  }
  if (o.recall_only) {
    for (const auto& m : recall3->misses) std::fprintf(stderr, "labelled miss: %s\n", m.c_str());
    std::printf("{\"recall_embedder\":\"%s\",\"labelled_questions\":%zu,\"recall_at_3\":%.4f%s}\n",
                recall_embedder.name().c_str(), recall3->questions, recall3->recall,
                sets_json.c_str());
    return 0;
  }

  // The corpus: articles of 5 synthetic chunks each.
  const auto pool = sentence_pool(*articles);
  std::mt19937_64 rng{42};
  vi::index_options io;
  io.nprobe = o.nprobe;
  vi::knowledge_index index{e.dimension(), io};
  const auto build_started = clock_type::now();
  double embed_ms = 0;
  int64_t chunk_id = 1;
  for (int64_t article = 1; chunk_id <= o.chunks; ++article) {
    std::vector<vi::indexed_chunk> chunks;
    for (int i = 0; i < 5 && chunk_id <= o.chunks; ++i) {
      vi::indexed_chunk c;
      c.chunk_id = chunk_id++;
      c.title = "Artículo " + std::to_string(article);
      c.text = synthetic_text(rng, pool, 3);
      c.search_text = vi::chunk_search_text(c.title, c.text);
      const auto t = clock_type::now();
      c.vector = e.embed_one(c.search_text);
      embed_ms += ms_since(t);
      chunks.push_back(std::move(c));
    }
    if (auto s = index.upsert_article(article, vi::language::es, std::move(chunks)); !s) return 1;
  }
  const double build_s = ms_since(build_started) / 1000.0;

  // Queries: the labelled questions and short pieces of sentences, as customers write.
  std::vector<std::string> queries;
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  for (int i = 0; i < o.queries; ++i) {
    if (i % 2 == 0) {
      queries.push_back((*questions)[static_cast<size_t>(i / 2) % questions->size()].question);
    } else {
      const auto& s = pool[pick(rng)];
      queries.push_back(s.substr(0, std::min<size_t>(s.size(), 60)));
    }
  }
  std::vector<double> hybrid_ms;
  std::vector<double> dense_ms;
  std::vector<double> query_embed_ms;
  std::vector<double> lexical_ms;
  double overlap = 0;
  double hybrid_overlap = 0;
  for (const auto& q : queries) {
    auto t = clock_type::now();
    auto v = e.embed_one(q);
    auto hits = index.search(q, v, 10);
    hybrid_ms.push_back(ms_since(t));
    // The same hybrid scorer over every vector and every posting.
    auto reference = index.search(q, v, 10, true);
    std::unordered_set<int64_t> best;
    for (const auto& h : reference) best.insert(h.chunk_id);
    size_t same = 0;
    for (const auto& h : hits) same += best.count(h.chunk_id);
    hybrid_overlap += reference.empty() ? 1.0 : static_cast<double>(same) / reference.size();
    t = clock_type::now();
    v = e.embed_one(q);
    query_embed_ms.push_back(ms_since(t));
    t = clock_type::now();
    index.lexical_search(q, 50);
    lexical_ms.push_back(ms_since(t));
    t = clock_type::now();
    auto approx = index.dense_search(v, 10);
    dense_ms.push_back(ms_since(t));
    auto exact = index.exact_search(v, 10);
    std::unordered_set<int64_t> truth;
    for (const auto& [id, score] : exact) truth.insert(id);
    size_t found = 0;
    for (const auto& [id, score] : approx) found += truth.count(id);
    overlap += exact.empty() ? 1.0 : static_cast<double>(found) / exact.size();
  }
  const auto hybrid = summarize(hybrid_ms);
  const auto dense = summarize(dense_ms);
  const auto embed = summarize(query_embed_ms);
  const auto lexical = summarize(lexical_ms);

  std::string import_mode;
  auto rate = import_rate(o, pool, e, import_mode);
  if (!rate) {
    std::fprintf(stderr, "search bench: import: %s\n", rate.error().message.c_str());
    return 1;
  }
  std::printf(
      "{\"chunks\":%zu,\"index\":\"%s\",\"nprobe\":%d,\"build_s\":%.1f,\"embed_us_per_chunk\":%.1f,"
      "\"queries\":%zu,\"search_p50_ms\":%.3f,\"search_p99_ms\":%.3f,"
      "\"embed_p50_ms\":%.3f,\"embed_p99_ms\":%.3f,\"lexical_p50_ms\":%.3f,\"lexical_p99_ms\":%.3f,"
      "\"dense_p50_ms\":%.3f,\"dense_p99_ms\":%.3f,\"dense_recall_at_10_vs_exact\":%.4f,"
      "\"hybrid_recall_at_10_vs_exact\":%.4f,\"recall_embedder\":\"%s\","
      "\"labelled_questions\":%zu,\"recall_at_3\":%.4f,\"import_articles\":%d,"
      "\"import_mode\":\"%s\",\"import_articles_per_s\":%.0f%s}\n",
      index.size(), index.approximate() ? "ivf" : "flat", o.nprobe, build_s,
      embed_ms * 1000.0 / static_cast<double>(index.size()), queries.size(), round3(hybrid.p50),
      round3(hybrid.p99), round3(embed.p50), round3(embed.p99), round3(lexical.p50),
      round3(lexical.p99), round3(dense.p50), round3(dense.p99),
      overlap / static_cast<double>(queries.size()),
      hybrid_overlap / static_cast<double>(queries.size()), recall_embedder.name().c_str(),
      recall3->questions, recall3->recall, o.import_articles, import_mode.c_str(), *rate,
      sets_json.c_str());
  return 0;
}

}  // namespace centralita::bench
