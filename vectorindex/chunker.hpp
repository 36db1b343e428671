#pragma once
// Splits a Markdown article into chunks for search: sections by heading, then paragraphs packed
// up to a size, long paragraphs cut at sentence ends. Each chunk remembers its section heading,
// so a chunk about "¿Cuánto cuesta el envío?" still says what it is about.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace centralita::vectorindex {

/// One piece of an article, in order.
struct text_chunk {
  int ordinal = 0;
  std::string heading;  ///< the nearest heading above it, without '#'; may be empty
  std::string text;     ///< the Markdown of the piece
};

/// Chunks `body` (Markdown); pieces stay under `max_chars` bytes unless one sentence is longer.
/// An empty or blank body gives no chunks.
std::vector<text_chunk> chunk_markdown(std::string_view body, size_t max_chars = 700);

/// What a chunk shows and is stored as: its heading line (unless empty or the title) and text.
std::string chunk_display_text(std::string_view title, const text_chunk& c);

/// What a chunk is embedded and indexed as: the article title and the chunk's display text.
std::string chunk_search_text(std::string_view title, std::string_view display_text);

}  // namespace centralita::vectorindex
