#include <catch2/catch.hpp>

#include <cstdio>

#include "tests/vectorindex/eval_support.hpp"
#include "vectorindex/local_embedder.hpp"

using namespace centralita;

namespace {

// recall@3 of `questions` over `articles` with the local embedder; its misses printed.
vectorindex::recall_report recall_at_3(
    const std::vector<vectorindex::markdown_article>& articles,
    const std::vector<vectorindex::labelled_question>& questions) {
  vectorindex::local_embedder e;
  auto report = vectorindex::measure_recall(articles, questions, e, 3);
  REQUIRE(report);
  for (const auto& m : report->misses) std::printf("  miss: %s\n", m.c_str());
  return std::move(*report);
}

}  // namespace

TEST_CASE("recall@3 of the labelled questions stays above its floor", "[vectorindex][eval]") {
  const auto articles = testkit::eval_articles();
  const auto questions = testkit::eval_questions();
  REQUIRE(articles.size() >= 15);
  REQUIRE(questions.size() >= 80);
  const auto report = recall_at_3(articles, questions);
  std::printf("recall@3 = %.3f (%zu of %zu questions)\n", report.recall, report.found,
              report.questions);
  CHECK(report.recall >= 0.90);
}

TEST_CASE("recall@3 of the development set stays above its floor", "[vectorindex][eval]") {
  const auto articles = testkit::heldout_articles();
  const auto questions = testkit::dev_questions();
  // What the set promises (vectorindex/eval/dev/README.md): at least 80 questions, half of them
  // Spanish, a third asked in the other language than their article's.
  REQUIRE(questions.size() >= 80);
  const auto report = recall_at_3(articles, questions);
  const auto slices = vectorindex::recall_slices(articles, questions, report);
  for (const auto& s : slices) {
    std::printf("dev recall@3 %-15s %.3f (%zu of %zu)\n", s.name.c_str(), s.recall(), s.found,
                s.questions);
  }
  const auto count = [&](const std::string& name) {
    for (const auto& s : slices) {
      if (s.name == name) return s.questions;
    }
    return size_t{0};
  };
  CHECK(count("all") == questions.size());
  CHECK(2 * count("es") >= questions.size());
  CHECK(3 * count("cross_language") >= questions.size());
  CHECK(report.recall >= 0.88);
}

TEST_CASE("recall@3 of the held-out set across languages and words stays above its floor",
          "[vectorindex][eval]") {
  const auto articles = testkit::heldout_articles();
  const auto questions = testkit::heldout_questions();
  // What the set promises (vectorindex/eval/heldout/README.md): at least 150 questions over at
  // least 20 articles, half of them Spanish, a third asked in the other language.
  REQUIRE(articles.size() >= 20);
  REQUIRE(questions.size() >= 150);
  const auto report = recall_at_3(articles, questions);
  const auto slices = vectorindex::recall_slices(articles, questions, report);
  for (const auto& s : slices) {
    std::printf("held-out recall@3 %-15s %.3f (%zu of %zu)\n", s.name.c_str(), s.recall(), s.found,
                s.questions);
  }
  const auto slice = [&](const std::string& name) {
    for (const auto& s : slices) {
      if (s.name == name) return s;
    }
    FAIL("no slice " << name);
    return vectorindex::recall_slice{};
  };
  CHECK(slice("all").questions == questions.size());
  CHECK(2 * slice("es").questions >= questions.size());
  CHECK(3 * slice("cross_language").questions >= questions.size());
  CHECK(report.recall >= 0.90);
}
