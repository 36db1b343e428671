#pragma once
// An article's title and Markdown body to what is stored and indexed: chunks with their display
// text, their search text and their vectors. Also reads Markdown files as articles (first `#`
// heading = title), for `centralita kb import` and the evaluation set.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "vectorindex/embedder.hpp"
#include "vectorindex/knowledge_index.hpp"

namespace centralita::vectorindex {

/// One chunk ready to be stored (text, vector) and indexed (search_text).
struct prepared_chunk {
  int ordinal = 0;
  std::string text;         ///< stored in knowledge_chunks.text and shown in results
  std::string search_text;  ///< chunk_search_text(title, text): what was embedded
  embedding vector;
};

/// Chunks and embeds an article; an empty body gives one chunk of the title alone.
result<std::vector<prepared_chunk>> prepare_chunks(std::string_view title, std::string_view body,
                                                   const embedder& e);

/// Stored chunks (ids assigned by the database) back to index entries.
indexed_chunk to_indexed(int64_t chunk_id, const std::string& title, std::string text,
                         embedding vector);

/// A Markdown file read as an article.
struct markdown_article {
  std::string title;
  std::string body;
  std::string language;  ///< "es" or "en", guessed from the text
};

/// The first `# ` heading is the title (at most 300 characters), the rest is the body.
/// errc::unprocessable when there is no such heading or the text is not UTF-8.
result<markdown_article> parse_markdown_article(std::string_view text);

/// `language` field text to the analyzer's language ("en..." is English, anything else Spanish).
language language_of(std::string_view code);

}  // namespace centralita::vectorindex
