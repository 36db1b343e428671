#pragma once
// The evaluation sets for the vectorindex tests: the demo tenant's seeded articles plus the
// Markdown articles of vectorindex/eval, and the labelled questions; and the held-out set of
// vectorindex/eval/heldout (those articles plus its own, and its questions).

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/seed_data.hpp"
#include "vectorindex/eval_set.hpp"

namespace centralita::testkit {

/// Seeded articles first, then vectorindex/eval/articles/*.md; throws when a file is missing.
inline std::vector<vectorindex::markdown_article> eval_articles() {
  std::vector<vectorindex::markdown_article> out;
  for (const auto& a : storage::demo::demo_articles()) {
    auto parsed = vectorindex::parse_markdown_article(a.body);
    if (!parsed) throw std::runtime_error(parsed.error().message);
    out.push_back(std::move(*parsed));
  }
  auto more = vectorindex::load_markdown_dir(std::string{CENTRALITA_SOURCE_DIR} +
                                             "/vectorindex/eval/articles");
  if (!more) throw std::runtime_error(more.error().message);
  out.insert(out.end(), more->begin(), more->end());
  return out;
}

/// vectorindex/eval/questions.tsv.
inline std::vector<vectorindex::labelled_question> eval_questions() {
  auto q = vectorindex::load_questions(std::string{CENTRALITA_SOURCE_DIR} +
                                       "/vectorindex/eval/questions.tsv");
  if (!q) throw std::runtime_error(q.error().message);
  return std::move(*q);
}

/// The labelled set's articles, then vectorindex/eval/heldout/articles/*.md.
inline std::vector<vectorindex::markdown_article> heldout_articles() {
  auto out = eval_articles();
  auto more = vectorindex::load_markdown_dir(std::string{CENTRALITA_SOURCE_DIR} +
                                             "/vectorindex/eval/heldout/articles");
  if (!more) throw std::runtime_error(more.error().message);
  out.insert(out.end(), more->begin(), more->end());
  return out;
}

/// vectorindex/eval/heldout/questions.tsv.
inline std::vector<vectorindex::labelled_question> heldout_questions() {
  auto q = vectorindex::load_questions(std::string{CENTRALITA_SOURCE_DIR} +
                                       "/vectorindex/eval/heldout/questions.tsv");
  if (!q) throw std::runtime_error(q.error().message);
  return std::move(*q);
}

}  // namespace centralita::testkit
