#include "vectorindex/chunker.hpp"

#include <sstream>

namespace centralita::vectorindex {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string{s.substr(b, e - b + 1)};
}

// The heading text of a Markdown ATX heading line, or empty when it is not one.
std::string heading_of(const std::string& line) {
  size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level >= line.size() || line[level] != ' ') return {};
  return trim(std::string_view{line}.substr(level + 1));
}

// Cuts a long paragraph after sentence ends ('.', '?', '!', ':' followed by a space).
std::vector<std::string> sentences(const std::string& paragraph) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < paragraph.size(); ++i) {
    const char c = paragraph[i];
    if ((c == '.' || c == '?' || c == '!' || c == ':') &&
        (paragraph[i + 1] == ' ' || paragraph[i + 1] == '\n')) {
      out.push_back(trim(std::string_view{paragraph}.substr(start, i + 1 - start)));
      start = i + 1;
    }
  }
  if (auto rest = trim(std::string_view{paragraph}.substr(start)); !rest.empty()) {
    out.push_back(rest);
  }
  return out;
}

struct section {
  std::string heading;
  std::vector<std::string> paragraphs;
};

std::vector<section> sections_of(std::string_view body) {
  std::vector<section> out(1);
  std::istringstream in{std::string{body}};
  std::string line;
  std::string paragraph;
  auto flush = [&] {
    if (auto p = trim(paragraph); !p.empty()) out.back().paragraphs.push_back(std::move(p));
    paragraph.clear();
  };
  while (std::getline(in, line)) {
    if (auto h = heading_of(line); !h.empty()) {
      flush();
      out.push_back(section{h, {}});
    } else if (trim(line).empty()) {
      flush();
    } else {
      paragraph += line;
      paragraph += '\n';
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<text_chunk> chunk_markdown(std::string_view body, size_t max_chars) {
  std::vector<text_chunk> out;
  for (const auto& s : sections_of(body)) {
    std::string current;
    auto emit = [&] {
      if (current.empty()) return;
      out.push_back(text_chunk{static_cast<int>(out.size()), s.heading, std::move(current)});
      current.clear();
    };
    auto append = [&](const std::string& piece, const char* separator) {
      if (!current.empty() && current.size() + piece.size() + 2 > max_chars) emit();
      if (!current.empty()) current += separator;
      current += piece;
    };
    for (const auto& p : s.paragraphs) {
      if (p.size() <= max_chars) {
        append(p, "\n\n");
        continue;
      }
      for (const auto& sentence : sentences(p)) append(sentence, " ");
    }
    emit();
  }
  return out;
}

std::string chunk_display_text(std::string_view title, const text_chunk& c) {
  if (c.heading.empty() || c.heading == title) return c.text;
  return c.heading + "\n" + c.text;
}

std::string chunk_search_text(std::string_view title, std::string_view display_text) {
  std::string out{title};
  out += "\n";
  out += display_text;
  return out;
}

}  // namespace centralita::vectorindex
