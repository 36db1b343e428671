#include "vectorindex/eval_set.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace centralita::vectorindex {

namespace fs = std::filesystem;

result<std::vector<labelled_question>> load_questions(const std::string& path) {
  std::ifstream in{path};
  if (!in) return make_error(errc::not_found, "cannot read " + path, "io");
  std::vector<labelled_question> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      return make_error(errc::invalid_input, "no tab in: " + line, "bad_question");
    }
    labelled_question q{line.substr(0, tab), line.substr(tab + 1)};
    const auto second = q.question.find('\t');
    if (second != std::string::npos) {
      q.language = q.question.substr(0, second);
      q.question = q.question.substr(second + 1);
      if (q.language != "es" && q.language != "en") {
        return make_error(errc::invalid_input, "language is not es or en in: " + line,
                          "bad_question");
      }
    }
    out.push_back(std::move(q));
  }
  return out;
}

result<std::vector<markdown_article>> load_markdown_dir(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator{dir, ec}) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  if (ec) return make_error(errc::not_found, "cannot list " + dir, "io");
  std::sort(files.begin(), files.end());
  std::vector<markdown_article> out;
  for (const auto& f : files) {
    std::ifstream in{f};
    std::stringstream text;
    text << in.rdbuf();
    auto a = parse_markdown_article(text.str());
    if (!a) return make_error(errc::invalid_input, f.string() + ": " + a.error().message);
    out.push_back(std::move(*a));
  }
  return out;
}

namespace {

// The lines under a miss: what the analyzer made of the question, the first three articles and
// where the expected one ranked, so that a change is tuned from its cause.
std::string explain_miss(const knowledge_index& index, const labelled_question& q,
                         const embedding& v) {
  std::string out = "\n  terms:";
  const auto a = analyze(q.question);
  for (const auto& s : a.stems) out += " " + s;
  for (const auto& c : a.concepts) out += " " + c;
  const auto all = index.search(q.question, v, static_cast<int>(index.articles()));
  bool ranked = false;
  for (size_t r = 0; r < all.size(); ++r) {
    const bool expected = all[r].title == q.expected_title;
    ranked = ranked || expected;
    if (r >= 3 && !expected) continue;
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", all[r].score);
    out += "\n  #" + std::to_string(r + 1) + " " + score + " " + all[r].title +
           (expected ? "  <- expected" : "");
  }
  if (!ranked) out += "\n  expected article: not among the candidates";
  return out;
}

}  // namespace

result<recall_report> measure_recall(const std::vector<markdown_article>& articles,
                                     const std::vector<labelled_question>& questions,
                                     const embedder& e, int k, index_options options,
                                     bool explain) {
  knowledge_index index{e.dimension(), options};
  int64_t next_chunk = 1;
  for (size_t i = 0; i < articles.size(); ++i) {
    const auto& a = articles[i];
    auto prepared = prepare_chunks(a.title, a.body, e);
    if (!prepared) return prepared.error();
    std::vector<indexed_chunk> chunks;
    for (auto& p : *prepared) {
      chunks.push_back(to_indexed(next_chunk++, a.title, std::move(p.text), std::move(p.vector)));
    }
    auto s = index.upsert_article(static_cast<int64_t>(i + 1), language_of(a.language),
                                  std::move(chunks));
    if (!s) return s.error();
  }
  recall_report report;
  for (const auto& q : questions) {
    auto v = e.embed_query(q.question);
    if (!v) return v.error();
    auto hits = index.search(q.question, *v, k);
    ++report.questions;
    const bool found = std::any_of(
        hits.begin(), hits.end(), [&](const search_hit& h) { return h.title == q.expected_title; });
    report.found_each.push_back(found);
    if (found) {
      ++report.found;
    } else {
      report.misses.push_back(q.question + " -> " + (hits.empty() ? "(nothing)" : hits[0].title) +
                              (explain ? explain_miss(index, q, *v) : std::string{}));
    }
  }
  report.recall = report.questions == 0
                      ? 0
                      : static_cast<double>(report.found) / static_cast<double>(report.questions);
  return report;
}

namespace {

// The folded words of a text and their stems, stop words aside: plain words, whatever the
// thesaurus and the lexicon make of them, so the share means the same before and after a change
// to either.
std::unordered_set<std::string> word_set(const std::string& text, language lang) {
  std::unordered_set<std::string> out;
  for (const auto& w : words(text)) {
    if (is_stop_word(w)) continue;
    out.insert(w);
    out.insert(stem(w, lang));
  }
  return out;
}

}  // namespace

std::vector<recall_slice> recall_slices(const std::vector<markdown_article>& articles,
                                        const std::vector<labelled_question>& questions,
                                        const recall_report& report) {
  std::vector<recall_slice> slices = {
      {"all"}, {"es"}, {"en"}, {"same_language"}, {"cross_language"}, {"no_shared_word"}};
  auto count = [&](size_t slice, bool found) {
    ++slices[slice].questions;
    if (found) ++slices[slice].found;
  };
  std::unordered_map<std::string, const markdown_article*> by_title;
  for (const auto& a : articles) by_title[a.title] = &a;
  for (size_t i = 0; i < questions.size() && i < report.found_each.size(); ++i) {
    const auto& q = questions[i];
    const bool found = report.found_each[i];
    count(0, found);
    auto a = by_title.find(q.expected_title);
    if (q.language.empty() || a == by_title.end()) continue;
    count(q.language == "es" ? 1 : 2, found);
    count(q.language == a->second->language ? 3 : 4, found);
    const auto article_words =
        word_set(a->second->title + "\n" + a->second->body, language_of(a->second->language));
    const auto question_words = word_set(q.question, language_of(q.language));
    const bool shared =
        std::any_of(question_words.begin(), question_words.end(),
                    [&](const std::string& w) { return article_words.count(w) > 0; });
    if (!shared) count(5, found);
  }
  return slices;
}

}  // namespace centralita::vectorindex
