#include "vectorindex/article_chunks.hpp"

#include <utf8proc.h>

#include <sstream>

#include "vectorindex/chunker.hpp"

namespace centralita::vectorindex {

namespace {

constexpr size_t max_title_chars = 300;

bool valid_utf8(std::string_view s, size_t* chars) {
  auto p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto left = static_cast<utf8proc_ssize_t>(s.size());
  size_t n = 0;
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto used = utf8proc_iterate(p, left, &cp);
    if (used <= 0) return false;
    p += used;
    left -= used;
    ++n;
  }
  if (chars != nullptr) *chars = n;
  return true;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string{s.substr(b, e - b + 1)};
}

}  // namespace

result<std::vector<prepared_chunk>> prepare_chunks(std::string_view title, std::string_view body,
                                                   const embedder& e) {
  auto pieces = chunk_markdown(body);
  if (pieces.empty()) pieces.push_back(text_chunk{0, {}, std::string{title}});
  std::vector<prepared_chunk> out;
  std::vector<std::string> texts;
  out.reserve(pieces.size());
  for (const auto& p : pieces) {
    prepared_chunk c;
    c.ordinal = p.ordinal;
    c.text = chunk_display_text(title, p);
    c.search_text = chunk_search_text(title, c.text);
    texts.push_back(c.search_text);
    out.push_back(std::move(c));
  }
  auto vectors = e.embed(texts);
  if (!vectors) return vectors.error();
  for (size_t i = 0; i < out.size(); ++i) out[i].vector = std::move((*vectors)[i]);
  return out;
}

indexed_chunk to_indexed(int64_t chunk_id, const std::string& title, std::string text,
                         embedding vector) {
  indexed_chunk c;
  c.chunk_id = chunk_id;
  c.title = title;
  c.search_text = chunk_search_text(title, text);
  c.text = std::move(text);
  c.vector = std::move(vector);
  return c;
}

result<markdown_article> parse_markdown_article(std::string_view text) {
  if (!valid_utf8(text, nullptr)) {
    return make_error(errc::unprocessable, "the file is not UTF-8 text", "invalid_encoding");
  }
  std::istringstream in{std::string{text}};
  std::string line;
  markdown_article a;
  std::ostringstream body;
  bool found = false;
  while (std::getline(in, line)) {
    if (!found) {
      if (line.rfind("# ", 0) == 0) {
        a.title = trim(std::string_view{line}.substr(2));
        found = !a.title.empty();
      } else if (!trim(line).empty()) {
        return make_error(errc::unprocessable, "the first line must be a '# ' heading (the title)",
                          "missing_title");
      }
      continue;
    }
    body << line << '\n';
  }
  if (!found) {
    return make_error(errc::unprocessable, "no '# ' heading (the title)", "missing_title");
  }
  size_t chars = 0;
  valid_utf8(a.title, &chars);
  if (chars > max_title_chars) {
    return make_error(errc::unprocessable, "the title is longer than 300 characters",
                      "title_too_long");
  }
  a.body = trim(body.str());
  a.body += '\n';
  a.language = guess_language(a.title + "\n" + a.body) == language::en ? "en" : "es";
  return a;
}

language language_of(std::string_view code) {
  return code.rfind("en", 0) == 0 ? language::en : language::es;
}

}  // namespace centralita::vectorindex
