#pragma once
// JSON of the knowledge API: articles in and out, and search results.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "net/api_json.hpp"
#include "storage/knowledge_repo.hpp"
#include "vectorindex/search_hit.hpp"

namespace centralita::net {

/// A body of POST or PUT: title and body are required; language, tags and status are optional
/// (POST: es, [], published; PUT: they keep their current values).
struct article_body {
  std::string title;
  std::string body;
  std::optional<std::string> language;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> status;
};

/// Parses an article body; 400 naming the field when it is malformed or unknown.
result<article_body> parse_article_body(const std::string& json);

/// The input to store: the body's fields over `current` (defaults for a new article).
storage::article_input merge_article(const article_body& b, storage::article_input current = {});

/// {id, title, body, language, tags, status, version, created_at, updated_at}
void write_article(json_builder& j, const storage::knowledge_article& a);

/// {"results":[{article_id, title, chunk, score}]}
std::string search_results_json(const std::vector<vectorindex::search_hit>& hits);

}  // namespace centralita::net
