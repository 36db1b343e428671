#include "net/knowledge_codecs.hpp"

namespace centralita::net {

result<article_body> parse_article_body(const std::string& json) {
  auto b = json_body::parse(json);
  if (!b) return b.error();
  if (auto s = b->only({"title", "body", "language", "tags", "status"}); !s) return s.error();
  article_body out;
  auto title = b->required_string("title");
  if (!title) return title.error();
  out.title = std::move(*title);
  auto body = b->required_string("body");
  if (!body) return body.error();
  out.body = std::move(*body);
  auto language = b->optional_string("language");
  if (!language) return language.error();
  out.language = std::move(*language);
  auto tags = b->optional_strings("tags");
  if (!tags) return tags.error();
  out.tags = std::move(*tags);
  auto status = b->optional_string("status");
  if (!status) return status.error();
  out.status = std::move(*status);
  return out;
}

storage::article_input merge_article(const article_body& b, storage::article_input current) {
  current.title = b.title;
  current.body = b.body;
  if (b.language) current.language = *b.language;
  if (b.tags) current.tags = *b.tags;
  if (b.status) current.status = *b.status;
  return current;
}

void write_article(json_builder& j, const storage::knowledge_article& a) {
  j.begin_object()
      .field("id", a.id)
      .field("title", a.title)
      .field("body", a.body)
      .field("language", a.language)
      .key("tags")
      .begin_array();
  for (const auto& t : a.tags) j.value(t);
  j.end_array()
      .field("status", a.status)
      .field("version", static_cast<int64_t>(a.version))
      .field("created_at", a.created_at)
      .field("updated_at", a.updated_at)
      .end_object();
}

std::string search_results_json(const std::vector<vectorindex::search_hit>& hits) {
  json_builder j;
  j.begin_object().key("results").begin_array();
  for (const auto& h : hits) {
    j.begin_object()
        .field("article_id", h.article_id)
        .field("title", h.title)
        .field("chunk", h.chunk)
        .field("score", h.score)
        .end_object();
  }
  j.end_array().end_object();
  return j.str();
}

}  // namespace centralita::net
