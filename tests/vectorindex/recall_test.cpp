#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

#include "tests/vectorindex/eval_support.hpp"
#include "vectorindex/local_embedder.hpp"

using namespace centralita;

namespace {

// Whether a set's misses are printed: only those of the sets the search is tuned on; a
// held-out set's misses are left to the bench's report (README.md › Knowledge search).
enum class misses { printed, hidden };

// recall@3 of `questions` over `articles` with the local embedder.
vectorindex::recall_report recall_at_3(const std::vector<vectorindex::markdown_article>& articles,
                                       const std::vector<vectorindex::labelled_question>& questions,
                                       misses shown) {
  vectorindex::local_embedder e;
  auto report = vectorindex::measure_recall(articles, questions, e, 3);
  REQUIRE(report);
  if (shown == misses::printed) {
    for (const auto& m : report->misses) std::printf("  miss: %s\n", m.c_str());
  }
  return std::move(*report);
}

// The share of a slice (recall_slices) by name.
vectorindex::recall_slice slice_of(const std::vector<vectorindex::recall_slice>& slices,
                                   const std::string& name) {
  for (const auto& s : slices) {
    if (s.name == name) return s;
  }
  FAIL("no slice " << name);
  return {};
}

// A set over the held-out set's articles, measured and its slices printed under `label`.
struct measured_set {
  vectorindex::recall_report report;
  std::vector<vectorindex::recall_slice> slices;
  size_t count(const std::string& slice) const { return slice_of(slices, slice).questions; }
};

measured_set measure(const std::string& label,
                     const std::vector<vectorindex::labelled_question>& questions, misses shown) {
  const auto articles = testkit::heldout_articles();
  REQUIRE(articles.size() >= 20);
  measured_set out{recall_at_3(articles, questions, shown), {}};
  out.slices = vectorindex::recall_slices(articles, questions, out.report);
  for (const auto& s : out.slices) {
    std::printf("%s recall@3 %-15s %.3f (%zu of %zu)\n", label.c_str(), s.name.c_str(), s.recall(),
                s.found, s.questions);
  }
  CHECK(out.count("all") == questions.size());
  return out;
}

}  // namespace

TEST_CASE("recall@3 of the labelled questions stays above its floor", "[vectorindex][eval]") {
  const auto articles = testkit::eval_articles();
  const auto questions = testkit::eval_questions();
  REQUIRE(articles.size() >= 15);
  REQUIRE(questions.size() >= 80);
  const auto report = recall_at_3(articles, questions, misses::printed);
  std::printf("recall@3 = %.3f (%zu of %zu questions)\n", report.recall, report.found,
              report.questions);
  CHECK(report.recall >= 0.90);
}

TEST_CASE("recall@3 of the development set stays above its floor", "[vectorindex][eval]") {
  const auto questions = testkit::dev_questions();
  // What the set promises (vectorindex/eval/dev/README.md): at least 400 questions, half of them
  // Spanish, a third asked in the other language than their article's.
  REQUIRE(questions.size() >= 400);
  const auto set = measure("dev", questions, misses::printed);
  CHECK(2 * set.count("es") >= questions.size());
  CHECK(3 * set.count("cross_language") >= questions.size());
  // 0.745 when its parts two and three were added, 0.845 with the word lists tuned on it
  // (README.md › Knowledge search): a floor against regressions.
  CHECK(set.report.recall >= 0.82);
}

TEST_CASE("every question of every set names an article of its set", "[vectorindex][eval]") {
  const auto check = [](const std::vector<vectorindex::markdown_article>& articles,
                        const std::vector<vectorindex::labelled_question>& questions) {
    for (const auto& q : questions) {
      INFO(q.question);
      CHECK(std::any_of(articles.begin(), articles.end(),
                        [&](const auto& a) { return a.title == q.expected_title; }));
    }
  };
  check(testkit::eval_articles(), testkit::eval_questions());
  for (const auto& set :
       {testkit::dev_questions(), testkit::heldout_questions(), testkit::fresh_questions()}) {
    check(testkit::heldout_articles(), set);
  }
}

TEST_CASE("an explained miss shows the question's terms and where its article ranked",
          "[vectorindex][eval]") {
  const auto articles = testkit::eval_articles();
  // Asked for the shipping article, which the refund question will not find first.
  const std::vector<vectorindex::labelled_question> questions = {
      {"Tiempos y costos de envío", "¿cuándo me reembolsan mi dinero?", "es"}};
  vectorindex::local_embedder e;
  auto plain = vectorindex::measure_recall(articles, questions, e, 1);
  auto explained = vectorindex::measure_recall(articles, questions, e, 1, {}, true);
  REQUIRE(plain);
  REQUIRE(explained);
  REQUIRE(plain->misses.size() == 1);
  REQUIRE(explained->misses.size() == 1);
  CHECK(plain->misses[0].find('\n') == std::string::npos);
  const auto& m = explained->misses[0];
  CHECK(m.rfind(plain->misses[0], 0) == 0);
  CHECK(m.find("\n  terms:") != std::string::npos);
  CHECK(m.find("~refund") != std::string::npos);
  CHECK(m.find("\n  #1 ") != std::string::npos);
  CHECK(m.find("Tiempos y costos de envío  <- expected") != std::string::npos);
}

TEST_CASE("recall@3 of the fresh held-out set stays above its floor", "[vectorindex][eval]") {
  const auto questions = testkit::fresh_questions();
  // What the set promises (vectorindex/eval/fresh/README.md): 8 questions for each of the 22
  // articles, half of them Spanish, half asked in the other language than their article's.
  REQUIRE(questions.size() >= 176);
  const auto set = measure("fresh", questions, misses::hidden);
  CHECK(2 * set.count("es") == questions.size());
  CHECK(2 * set.count("cross_language") >= questions.size());
  // Measured 0.739 when the set was written and 0.767 after the word lists were tuned on the
  // development set (README.md › Knowledge search): a floor against regressions, not the goal.
  CHECK(set.report.recall >= 0.74);
}

TEST_CASE("recall@3 of the held-out set across languages and words stays above its floor",
          "[vectorindex][eval]") {
  const auto questions = testkit::heldout_questions();
  // What the set promises (vectorindex/eval/heldout/README.md): at least 150 questions over at
  // least 20 articles, half of them Spanish, a third asked in the other language.
  REQUIRE(questions.size() >= 150);
  const auto set = measure("held-out", questions, misses::hidden);
  CHECK(2 * set.count("es") >= questions.size());
  CHECK(3 * set.count("cross_language") >= questions.size());
  // 0.923 with the bilingual lexicon, 0.935 after the tuning on the development set (whose
  // author had seen this set's misses: README.md › Knowledge search).
  CHECK(set.report.recall >= 0.92);
}
