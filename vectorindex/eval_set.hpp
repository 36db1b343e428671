#pragma once
// The labelled evaluation set of knowledge search (vectorindex/eval/): Markdown articles and
// customers' questions, each labelled with the title of the article that answers it. Measures
// recall@k: the share of questions whose article is among the first k results.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "vectorindex/article_chunks.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/knowledge_index.hpp"

namespace centralita::vectorindex {

/// A question and the title of the article that answers it.
struct labelled_question {
  std::string expected_title;
  std::string question;
  std::string language = {};  ///< "es" or "en" when labelled (held-out set), else empty
};

/// Reads `title<TAB>question` or `title<TAB>language<TAB>question` lines; `#` lines and blank
/// lines are comments.
result<std::vector<labelled_question>> load_questions(const std::string& path);

/// Reads every `*.md` file of `dir` as an article, in name order.
result<std::vector<markdown_article>> load_markdown_dir(const std::string& dir);

/// What recall@k found.
struct recall_report {
  size_t questions = 0;
  size_t found = 0;
  double recall = 0;
  /// "question -> first result's title", and when explained, the question's terms, the first
  /// results with their scores and the expected article's rank on the following lines.
  std::vector<std::string> misses;
  std::vector<bool> found_each;  ///< by question, in order
};

/// Indexes `articles` (ids 1..n) with `e` and asks every question for `k` results; `explain`
/// details each miss (recall_report::misses).
result<recall_report> measure_recall(const std::vector<markdown_article>& articles,
                                     const std::vector<labelled_question>& questions,
                                     const embedder& e, int k, index_options options = {},
                                     bool explain = false);

/// Recall@k of one share of the questions.
struct recall_slice {
  std::string name;
  size_t questions = 0;
  size_t found = 0;
  double recall() const {
    return questions == 0 ? 0 : static_cast<double>(found) / static_cast<double>(questions);
  }
};

/// `report` split by kind of question: "all", "es" and "en" (the question's language),
/// "same_language", "cross_language" (question language != article language) and "no_shared_word"
/// (the question shares no word or stem with its article's title and body, stop words aside).
/// Questions without a language are counted in "all" only.
std::vector<recall_slice> recall_slices(const std::vector<markdown_article>& articles,
                                        const std::vector<labelled_question>& questions,
                                        const recall_report& report);

}  // namespace centralita::vectorindex
