#pragma once
// The evaluation sets for the vectorindex tests: the demo tenant's seeded articles plus the
// Markdown articles of vectorindex/eval, and the labelled questions; and the held-out set of
// vectorindex/eval/heldout (those articles plus its own, and its questions), the development set
// of vectorindex/eval/dev and the fresh held-out set of vectorindex/eval/fresh (questions over the
// same articles).

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/seed_data.hpp"
#include "vectorindex/eval_set.hpp"

namespace centralita::testkit {

// The path of a file or folder below vectorindex/eval.
inline std::string eval_path(const std::string& below) {
  return std::string{CENTRALITA_SOURCE_DIR} + "/vectorindex/eval/" + below;
}

// The Markdown articles of an eval folder appended to `out`.
inline void add_articles(std::vector<vectorindex::markdown_article>& out,
                         const std::string& folder) {
  auto more = vectorindex::load_markdown_dir(eval_path(folder));
  if (!more) throw std::runtime_error(more.error().message);
  out.insert(out.end(), more->begin(), more->end());
}

inline std::vector<vectorindex::labelled_question> questions_of(const std::string& file) {
  auto q = vectorindex::load_questions(eval_path(file));
  if (!q) throw std::runtime_error(q.error().message);
  return std::move(*q);
}

/// Seeded articles first, then vectorindex/eval/articles/*.md; throws when a file is missing.
inline std::vector<vectorindex::markdown_article> eval_articles() {
  std::vector<vectorindex::markdown_article> out;
  for (const auto& a : storage::demo::demo_articles()) {
    auto parsed = vectorindex::parse_markdown_article(a.body);
    if (!parsed) throw std::runtime_error(parsed.error().message);
    out.push_back(std::move(*parsed));
  }
  add_articles(out, "articles");
  return out;
}

/// vectorindex/eval/questions.tsv.
inline std::vector<vectorindex::labelled_question> eval_questions() {
  return questions_of("questions.tsv");
}

/// The labelled set's articles, then vectorindex/eval/heldout/articles/*.md.
inline std::vector<vectorindex::markdown_article> heldout_articles() {
  auto out = eval_articles();
  add_articles(out, "heldout/articles");
  return out;
}

/// vectorindex/eval/dev/questions.tsv: over the held-out set's articles.
inline std::vector<vectorindex::labelled_question> dev_questions() {
  return questions_of("dev/questions.tsv");
}

/// vectorindex/eval/heldout/questions.tsv.
inline std::vector<vectorindex::labelled_question> heldout_questions() {
  return questions_of("heldout/questions.tsv");
}

/// vectorindex/eval/fresh/questions.tsv: over the held-out set's articles.
inline std::vector<vectorindex::labelled_question> fresh_questions() {
  return questions_of("fresh/questions.tsv");
}

}  // namespace centralita::testkit
