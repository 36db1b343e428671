#include "vectorindex/knowledge_index.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "vectorindex/article_chunks.hpp"
#include "vectorindex/chunker.hpp"
#include "vectorindex/lexical_scorer.hpp"
#include "vectorindex/local_embedder.hpp"

using namespace centralita::vectorindex;

namespace {

int64_t next_chunk = 1;

std::vector<indexed_chunk> chunks_of(const std::string& title, const std::string& body,
                                     const embedder& e) {
  auto prepared = prepare_chunks(title, body, e);
  REQUIRE(prepared);
  std::vector<indexed_chunk> out;
  for (auto& p : *prepared) out.push_back(to_indexed(next_chunk++, title, p.text, p.vector));
  return out;
}

std::vector<search_hit> ask(const knowledge_index& index, const embedder& e, const std::string& q,
                            int k = 3) {
  auto v = e.embed_query(q);
  REQUIRE(v);
  return index.search(q, *v, k);
}

}  // namespace

TEST_CASE("knowledge_index upserts, replaces, removes and searches", "[vectorindex]") {
  local_embedder e;
  knowledge_index index{e.dimension()};
  REQUIRE(index.upsert_article(1, language::es,
                               chunks_of("Devoluciones", "Tienes 30 días para devolver.", e)));
  REQUIRE(index.upsert_article(2, language::es,
                               chunks_of("Envíos", "Enviamos con DHL en 3 a 5 días hábiles.", e)));
  CHECK(index.articles() == 2);

  auto hits = ask(index, e, "quiero regresar un producto");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == 1);
  CHECK(hits[0].title == "Devoluciones");
  CHECK(hits[0].score > 0);
  CHECK(hits[0].score <= 1.0);

  // An update replaces the article's chunks: the old text is gone.
  REQUIRE(index.upsert_article(1, language::es,
                               chunks_of("Garantía", "Doce meses de garantía de fábrica.", e)));
  CHECK(index.size() == 2);
  hits = ask(index, e, "garantia de fabrica");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].title == "Garantía");

  index.remove_article(1);
  index.remove_article(99);
  CHECK(index.articles() == 1);
  for (const auto& h : ask(index, e, "garantia de fabrica")) CHECK(h.article_id != 1);

  std::vector<indexed_chunk> wrong(1);
  wrong[0].vector.resize(3);
  CHECK_FALSE(index.upsert_article(3, language::es, wrong));
}

TEST_CASE("knowledge_index switches to IVF above its threshold and stays accurate",
          "[vectorindex]") {
  local_embedder e;
  index_options o;
  o.approximate_threshold = 600;
  knowledge_index index{e.dimension(), o};
  std::mt19937 rng{3};
  const char* words[] = {"envío", "pago",   "tarjeta", "factura", "devolución", "garantía",
                         "cupón", "puntos", "tienda",  "cuenta",  "contraseña", "horario"};
  for (int64_t a = 1; a <= 200; ++a) {
    std::string body;
    for (int w = 0; w < 12; ++w) body += std::string{words[rng() % 12]} + " ";
    body += "referencia " + std::to_string(a);
    REQUIRE(index.upsert_article(a, language::es, chunks_of("Art " + std::to_string(a), body, e)));
  }
  REQUIRE(index.size() >= 200);
  for (int64_t a = 201; index.size() < 700; ++a) {
    REQUIRE(
        index.upsert_article(a, language::es, chunks_of("Extra", "texto " + std::to_string(a), e)));
  }
  CHECK(index.approximate());
  double overlap = 0;
  for (int q = 0; q < 20; ++q) {
    auto v = e.embed_one(std::string{words[q % 12]} + " " + words[(q * 5) % 12]);
    auto approx = index.dense_search(v, 10);
    auto exact = index.exact_search(v, 10);
    size_t same = 0;
    for (const auto& x : approx) {
      for (const auto& y : exact) same += x.first == y.first;
    }
    overlap += static_cast<double>(same) / 10.0;
  }
  CHECK(overlap / 20 >= 0.8);
  index.remove_article(1);
  CHECK_FALSE(index.contains_article(1));
}

TEST_CASE("a snapshot round-trips chunks, vectors, cells and terms, and refuses damage",
          "[vectorindex]") {
  local_embedder e;
  index_options o;
  o.approximate_threshold = 50;
  for (size_t articles : {size_t{3}, size_t{60}}) {
    knowledge_index index{e.dimension(), o};
    for (size_t a = 1; a <= articles; ++a) {
      REQUIRE(index.upsert_article(
          static_cast<int64_t>(a), language::es,
          chunks_of("Título " + std::to_string(a),
                    "Pagos con tarjeta y facturación número " + std::to_string(a), e)));
    }
    const std::string path =
        (std::filesystem::temp_directory_path() / ("kix_" + std::to_string(getpid()) + ".bin"))
            .string();
    snapshot_stamp stamp{
        e.name(), {{1, 3}, {2, 1}}, {{"database_oid", "16384"}, {"tenant_id", "7"}}};
    REQUIRE(index.save(path, stamp));
    auto loaded = knowledge_index::load(path, o);
    REQUIRE(loaded);
    CHECK(loaded->stamp.embedder == e.name());
    CHECK(loaded->stamp.articles == stamp.articles);
    CHECK(loaded->stamp.origin == stamp.origin);
    const auto& copy = loaded->index;
    CHECK(copy.size() == index.size());
    CHECK(copy.approximate() == index.approximate());
    auto before = ask(index, e, "factura numero 2", 3);
    auto after = ask(copy, e, "factura numero 2", 3);
    REQUIRE(before.size() == after.size());
    for (size_t i = 0; i < before.size(); ++i) {
      CHECK(before[i].chunk_id == after[i].chunk_id);
      CHECK(before[i].score == Approx(after[i].score));
    }

    // A flipped byte anywhere, or a cut file, is refused rather than trusted.
    std::string bytes;
    {
      std::ifstream in{path, std::ios::binary};
      bytes.assign(std::istreambuf_iterator<char>{in}, {});
    }
    for (size_t at : {size_t{2}, bytes.size() / 2, bytes.size() - 1}) {
      std::string bad = bytes;
      bad[at] = static_cast<char>(bad[at] ^ 0x20);
      std::ofstream{path, std::ios::binary | std::ios::trunc} << bad;
      auto refused = knowledge_index::load(path, o);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().code == centralita::errc::invalid_input);
    }
    std::ofstream{path, std::ios::binary | std::ios::trunc} << bytes.substr(0, bytes.size() - 9);
    CHECK_FALSE(knowledge_index::load(path, o));
    std::remove(path.c_str());
  }
  CHECK_FALSE(knowledge_index::load("/nonexistent/snapshot.kix"));
}

TEST_CASE("a chunk id that moves to another article stays that article's", "[vectorindex]") {
  // What a snapshot of another database looks like while it is patched: the database's chunk
  // ids are held by other articles in the index. Removing or replacing the old owner must
  // leave the new owner's chunk alone, and nothing may name a chunk that is gone.
  local_embedder e;
  knowledge_index index{e.dimension()};
  auto chunk = [&](int64_t id, const std::string& title, const std::string& text) {
    auto v = e.embed_one(chunk_search_text(title, text));
    return to_indexed(id, title, text, std::move(v));
  };
  REQUIRE(index.upsert_article(1, language::es,
                               {chunk(10, "Envíos", "Enviamos con DHL en tres días."),
                                chunk(11, "Envíos", "Los envíos a islas tardan más.")}));
  REQUIRE(index.upsert_article(2, language::es,
                               {chunk(11, "Garantía", "Un año de garantía de fábrica."),
                                chunk(12, "Garantía", "La garantía cubre defectos.")}));
  CHECK(index.chunks_of(1) == std::vector<int64_t>{10});
  CHECK(index.chunks_of(2) == std::vector<int64_t>{11, 12});
  CHECK(index.size() == 3);

  index.remove_article(1);
  CHECK(index.size() == 2);
  CHECK(index.chunks_of(2) == std::vector<int64_t>{11, 12});
  auto hits = ask(index, e, "garantía de fábrica");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == 2);

  // Taking every chunk of an article leaves no empty article behind.
  REQUIRE(index.upsert_article(3, language::es, {chunk(12, "Pagos", "Aceptamos tarjetas.")}));
  CHECK(index.chunks_of(2) == std::vector<int64_t>{11});
  REQUIRE(index.upsert_article(4, language::es, {chunk(11, "Cambios", "Cambios en 30 días.")}));
  CHECK_FALSE(index.contains_article(2));
  CHECK(index.articles() == 2);

  // And what is left saves and loads whole.
  const std::string path =
      (std::filesystem::temp_directory_path() / ("kix_moved_" + std::to_string(getpid()) + ".bin"))
          .string();
  REQUIRE(index.save(path, snapshot_stamp{e.name(), {{3, 1}, {4, 1}}}));
  auto loaded = knowledge_index::load(path);
  std::remove(path.c_str());
  REQUIRE(loaded);
  CHECK(loaded->index.size() == 2);
  CHECK(loaded->index.chunks_of(4) == std::vector<int64_t>{11});
}

TEST_CASE("BM25 with max-score pruning ranks like the full scan", "[vectorindex]") {
  lexical_scorer pruned;
  std::mt19937 rng{11};
  const char* vocabulary[] = {"envio", "pago", "tarjet", "factur", "devol",   "garant",
                              "cupon", "punt", "tiend",  "cuent",  "contras", "horari"};
  for (int64_t d = 1; d <= 3000; ++d) {
    std::vector<std::string> terms;
    const int n = 3 + static_cast<int>(rng() % 20);
    for (int i = 0; i < n; ++i) {
      // Skewed: the first words are far more frequent, like real text.
      terms.push_back(vocabulary[std::min<unsigned>(rng() % 12, rng() % 12)]);
    }
    if (d % 97 == 0) terms.push_back("oxxo");
    pruned.add(d, terms);
  }
  for (int64_t d = 1; d <= 3000; d += 7) pruned.remove(d);
  for (int q = 0; q < 40; ++q) {
    std::vector<std::string> query{vocabulary[q % 12], vocabulary[(q * 5) % 12]};
    if (q % 3 == 0) query.push_back("oxxo");
    const auto fast = pruned.top(query, 10);
    const auto full = pruned.top(query, 10, false);
    REQUIRE(fast.size() == full.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].second == Approx(full[i].second));
    }
  }
}

TEST_CASE("ivf_index's int8 first pass answers what a float scan of every cell answers",
          "[vectorindex]") {
  constexpr int d = 384;
  std::mt19937_64 rng{5};
  std::normal_distribution<float> gauss;
  std::vector<std::vector<float>> vectors(3000, std::vector<float>(d));
  for (auto& v : vectors) {
    for (auto& x : v) x = gauss(rng);
    const float norm = std::sqrt(dot(v.data(), v.data(), d));
    for (auto& x : v) x /= norm;
  }
  std::vector<int64_t> ids(vectors.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int64_t>(i);
  ivf_index index{d};
  index.rebuild(30, ids, [&](int64_t id) { return vectors[static_cast<size_t>(id)].data(); });
  REQUIRE(index.lists() == 30);
  for (int q = 0; q < 20; ++q) {
    const auto& query = vectors[static_cast<size_t>(q * 97)];
    std::vector<std::pair<float, int64_t>> all;
    for (auto id : ids) all.emplace_back(dot(query.data(), vectors[id].data(), d), id);
    std::sort(all.rbegin(), all.rend());
    const auto hits = index.search(query.data(), 10, index.lists());
    REQUIRE(hits.size() == 10);
    for (size_t i = 0; i < hits.size(); ++i) {
      CHECK(hits[i].first == all[i].second);
      CHECK(hits[i].second == all[i].first);
    }
  }
}
