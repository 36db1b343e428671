#include <catch2/catch.hpp>

#include <cstdio>

#include "tests/vectorindex/eval_support.hpp"
#include "vectorindex/local_embedder.hpp"

using namespace centralita;

TEST_CASE("recall@3 of the labelled questions stays above its floor", "[vectorindex][eval]") {
  const auto articles = testkit::eval_articles();
  const auto questions = testkit::eval_questions();
  REQUIRE(articles.size() >= 15);
  REQUIRE(questions.size() >= 80);
  vectorindex::local_embedder e;
  auto report = vectorindex::measure_recall(articles, questions, e, 3);
  REQUIRE(report);
  std::printf("recall@3 = %.3f (%zu of %zu questions)\n", report->recall, report->found,
              report->questions);
  for (const auto& m : report->misses) std::printf("  miss: %s\n", m.c_str());
  CHECK(report->recall >= 0.90);
}
