// Fuzz target: a Markdown file as `kb import` reads it: title and body, then the chunks that
// are stored and indexed.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vectorindex/article_chunks.hpp"
#include "vectorindex/chunker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita::vectorindex;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto article = parse_markdown_article(text);
  if (!article) return 0;
  // A small size, so that the cutting of long paragraphs and sentences is reached too.
  for (size_t max_chars : {size_t{700}, size_t{40}}) {
    for (const auto& chunk : chunk_markdown(article->body, max_chars)) {
      (void)chunk_search_text(article->title, chunk_display_text(article->title, chunk));
    }
  }
  return 0;
}
