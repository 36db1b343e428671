#include "ai/dataset.hpp"

#include <fstream>

#include "common/categories.hpp"

namespace centralita::ai {

namespace {

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool read_hex4(std::string_view s, std::size_t i, unsigned& cp) {
  if (i + 4 > s.size()) return false;
  cp = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    unsigned d = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                 : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                        : 16U;
    if (d == 16U) return false;
    cp = cp * 16 + d;
  }
  return true;
}

// Parses a JSON string starting at s[i] == '"'; leaves i after the closing quote.
bool parse_string(std::string_view s, std::size_t& i, std::string& out) {
  if (i >= s.size() || s[i] != '"') return false;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return true;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= s.size()) return false;
    char e = s[i++];
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        unsigned cp = 0;
        if (!read_hex4(s, i, cp)) return false;
        i += 4;
        unsigned low = 0;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u' &&
            read_hex4(s, i + 2, low) && low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, cp);
        break;
      }
      default:
        out.push_back(e);  // \" \\ \/
    }
  }
  return false;
}

// Skips a non-string scalar (number, true, false, null).
bool skip_scalar(std::string_view s, std::size_t& i) {
  auto start = i;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ' ') ++i;
  return i > start;
}

}  // namespace

result<std::string> json_string_field(std::string_view line, std::string_view key) {
  auto bad = [] { return make_error(errc::invalid_input, "not a flat JSON object", "bad_json"); };
  std::size_t i = 0;
  skip_space(line, i);
  if (i >= line.size() || line[i] != '{') return bad();
  ++i;
  skip_space(line, i);
  if (i < line.size() && line[i] == '}') return make_error(errc::not_found, "no field");
  while (i < line.size()) {
    std::string name;
    skip_space(line, i);
    if (!parse_string(line, i, name)) return bad();
    skip_space(line, i);
    if (i >= line.size() || line[i] != ':') return bad();
    ++i;
    skip_space(line, i);
    bool is_string = i < line.size() && line[i] == '"';
    std::string value;
    if (is_string ? !parse_string(line, i, value) : !skip_scalar(line, i)) return bad();
    if (name == key) {
      if (!is_string) return make_error(errc::invalid_input, "field is not a string", "bad_json");
      return value;
    }
    skip_space(line, i);
    if (i < line.size() && line[i] == ',') {
      ++i;
      continue;
    }
    if (i < line.size() && line[i] == '}') break;
    return bad();
  }
  return make_error(errc::not_found, "no field \"" + std::string{key} + "\"", "missing_field");
}

result<std::vector<labelled_text>> read_labelled(const std::string& path) {
  std::ifstream in{path};
  if (!in) return make_error(errc::not_found, "cannot open " + path, "no_file");
  std::vector<labelled_text> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto where = path + ":" + std::to_string(number) + ": ";
    auto text = json_string_field(line, "text");
    auto label = json_string_field(line, "label");
    if (!text || !label) {
      return make_error(errc::invalid_input, where + "needs string fields text and label");
    }
    if (!is_category(*label))
      return make_error(errc::invalid_input, where + "unknown label " + *label);
    auto lang = json_string_field(line, "lang");
    out.push_back({std::move(*text), lang ? std::move(*lang) : std::string{}, std::move(*label)});
  }
  return out;
}

}  // namespace centralita::ai
