#include "vectorindex/local_embedder.hpp"

#include <catch2/catch.hpp>

#include <cmath>

#include "vectorindex/text_analyzer.hpp"

using namespace centralita::vectorindex;

namespace {
float cosine(const embedding& a, const embedding& b) {
  float s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
}  // namespace

TEST_CASE("the analyzer folds accents, stems and adds thesaurus concepts", "[vectorindex]") {
  CHECK(fold("Facturación ÑANDÚ") == "facturacion nandu");
  CHECK(stem("facturacion", language::es) == stem("facturación", language::es));
  auto a = analyze("¿Me devuelven el dinero si llegó roto?");
  CHECK(std::find(a.concepts.begin(), a.concepts.end(), "~refund") != a.concepts.end());
  CHECK(std::find(a.concepts.begin(), a.concepts.end(), "~damaged") != a.concepts.end());
  auto en = analyze("Can I get a refund? It arrived broken");
  CHECK(std::find(en.concepts.begin(), en.concepts.end(), "~refund") != en.concepts.end());
  CHECK(guess_language("Where is my order? It has not arrived") == language::en);
  CHECK(guess_language("¿Dónde está mi pedido? No ha llegado") == language::es);
}

TEST_CASE("a thesaurus group that means two topics gives both of their concepts", "[vectorindex]") {
  const auto has = [](const analyzed_text& a, const std::string& term) {
    return std::find(a.concepts.begin(), a.concepts.end(), term) != a.concepts.end();
  };
  for (const auto& text : {"me arrepentí de la compra", "I changed my mind about it"}) {
    INFO(text);
    const auto a = analyze(text);
    CHECK(has(a, "~cancel"));
    CHECK(has(a, "~return"));
    CHECK_FALSE(has(a, "~changed_mind"));
  }
  // Its own groups' phrases keep one concept each.
  CHECK_FALSE(has(analyze("quiero cancelar", language::es), "~return"));
}

TEST_CASE("the local embedder gives unit vectors close for paraphrases", "[vectorindex]") {
  local_embedder e;
  const auto refund_es = e.embed_one("Reembolsos: te devolvemos el dinero a tu tarjeta");
  const auto refund_en = e.embed_one("when do I get my money back");
  const auto typo = e.embed_one("reembolzo de mi dinero");
  const auto shipping = e.embed_one("Horarios de atención por teléfono y correo");
  CHECK(static_cast<int>(refund_es.size()) == e.dimension());
  double norm = 0;
  for (float x : refund_es) norm += x * x;
  CHECK(std::abs(norm - 1.0) < 1e-4);
  CHECK(cosine(refund_es, refund_en) > cosine(shipping, refund_en));
  CHECK(cosine(refund_es, typo) > cosine(shipping, typo));
  // Deterministic: stored vectors stay valid across runs.
  CHECK(e.embed_one("hola") == e.embed_one("hola"));
  auto batch = e.embed({"uno", "dos"});
  REQUIRE(batch);
  CHECK(batch->size() == 2);
}

TEST_CASE("the lexicon gives a word and its translation one term, in its own language only",
          "[vectorindex]") {
  const auto has = [](const analyzed_text& a, const std::string& term) {
    return std::find(a.concepts.begin(), a.concepts.end(), term) != a.concepts.end();
  };
  const auto es = analyze("Quiero cambiar mi pedido", language::es);
  const auto en = analyze("I want to change my order", language::en);
  CHECK(has(es, "=order"));
  CHECK(has(en, "=order"));
  // The word gives the lexicon's term instead of its stem, in both languages alike.
  CHECK(std::find(es.stems.begin(), es.stems.end(), stem("pedido", language::es)) ==
        es.stems.end());
  // Each side is stemmed in its own language: Spanish "datos" is not English "date".
  CHECK(has(analyze("mis datos personales", language::es), "=information"));
  CHECK_FALSE(has(analyze("mis datos personales", language::es), "=date"));
  // A stop word never carries a term alone ("cuántos" is one, "cantidad" is not).
  CHECK_FALSE(has(analyze("cuántos", language::es), "=quantity"));
  CHECK(has(analyze("la cantidad", language::es), "=quantity"));
  // Opening punctuation ends a word: "¿cuánto" is the stop word "cuanto".
  CHECK(words("¿Cuánto tarda?") == std::vector<std::string>{"cuanto", "tarda"});
}
