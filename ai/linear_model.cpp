#include "ai/linear_model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/categories.hpp"

namespace centralita::ai {

namespace {

// Reads a text one line at a time, counting lines for error messages.
class line_reader {
 public:
  explicit line_reader(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    auto end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int number_ = 0;
};

// Splits off the next space-separated field of `line`.
std::string_view next_field(std::string_view& line) {
  auto start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  auto end = line.find(' ', start);
  if (end == std::string_view::npos) end = line.size();
  auto field = line.substr(start, end - start);
  line.remove_prefix(end);
  return field;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

bool parse_float(std::string_view s, float& out) {
  return parse_number(s, out) && std::isfinite(out);
}

void append_float(std::string& out, double v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, " %.5g", v);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

std::array<double, class_count> linear_model::logits(const std::vector<feature>& x) const {
  std::array<double, class_count> z{};
  for (std::size_t k = 0; k < class_count; ++k) z[k] = bias[k];
  for (const auto& f : x) {
    const float* row = weights.data() + static_cast<std::size_t>(f.index) * class_count;
    for (std::size_t k = 0; k < class_count; ++k) z[k] += static_cast<double>(row[k] * f.value);
  }
  return z;
}

std::array<double, class_count> softmax(const std::array<double, class_count>& logits,
                                        double temperature,
                                        const std::array<bool, class_count>& masked) {
  std::array<double, class_count> p{};
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < class_count; ++k) {
    if (!masked[k]) top = std::max(top, logits[k] / temperature);
  }
  double sum = 0;
  for (std::size_t k = 0; k < class_count; ++k) {
    p[k] = masked[k] ? 0.0 : std::exp(logits[k] / temperature - top);
    sum += p[k];
  }
  for (auto& v : p) v /= sum;
  return p;
}

std::string serialize_model(const linear_model& m) {
  std::string out{model_header};
  out += "\nfeatures " + std::to_string(m.features.buckets_log2) + " " +
         std::to_string(m.features.char_min) + " " + std::to_string(m.features.char_max) +
         "\nclasses";
  for (auto c : categories) (out += " ") += c;
  out += "\ntemperature";
  append_float(out, m.temperature);
  out += "\nbias";
  for (float b : m.bias) append_float(out, b);
  std::size_t rows = 0;
  std::string body;
  const std::size_t buckets = m.weights.size() / class_count;
  for (std::size_t i = 0; i < buckets; ++i) {
    const float* row = m.weights.data() + i * class_count;
    bool any = false;
    for (std::size_t k = 0; k < class_count; ++k) any = any || std::fabs(row[k]) >= 1e-4F;
    if (!any) continue;
    ++rows;
    body += std::to_string(i);
    for (std::size_t k = 0; k < class_count; ++k) append_float(body, row[k]);
    body += '\n';
  }
  out += "\nrows " + std::to_string(rows) + "\n" + body + "end\n";
  return out;
}

result<linear_model> parse_model(std::string_view text) {
  line_reader reader{text};
  std::string_view line;
  auto fail = [&](const std::string& what) -> result<linear_model> {
    return make_error(errc::invalid_input,
                      "triage model: line " + std::to_string(reader.number()) + ": " + what,
                      "bad_model");
  };
  if (!reader.next(line) || line != model_header) {
    return fail("not a model file of version v1 (expected \"" + std::string{model_header} + "\")");
  }
  linear_model m;
  std::size_t rows = 0;
  // The fixed preamble: features, classes, temperature, bias, rows.
  for (std::string_view key : {"features", "classes", "temperature", "bias", "rows"}) {
    if (!reader.next(line) || next_field(line) != key)
      return fail("expected \"" + std::string{key} + "\"");
    if (key == "features") {
      auto& fc = m.features;
      if (!parse_number(next_field(line), fc.buckets_log2) ||
          !parse_number(next_field(line), fc.char_min) ||
          !parse_number(next_field(line), fc.char_max) || fc.buckets_log2 < 8 ||
          fc.buckets_log2 > 22 || fc.char_min < 1 || fc.char_max < fc.char_min || fc.char_max > 8) {
        return fail("bad feature settings");
      }
    } else if (key == "classes") {
      for (auto c : categories) {
        if (next_field(line) != c) return fail("classes differ from this build's categories");
      }
    } else if (key == "temperature") {
      float t = 0;
      if (!parse_float(next_field(line), t) || t <= 0) return fail("bad temperature");
      m.temperature = t;
    } else if (key == "bias") {
      for (auto& b : m.bias) {
        if (!parse_float(next_field(line), b)) return fail("bad bias");
      }
    } else if (!parse_number(next_field(line), rows)) {
      return fail("bad row count");
    }
    if (!next_field(line).empty()) return fail("unexpected trailing fields");
  }
  const std::size_t buckets = std::size_t{1} << m.features.buckets_log2;
  if (rows > buckets) return fail("more rows than buckets");
  m.weights.assign(buckets * class_count, 0.0F);
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t bucket = 0;
    if (!reader.next(line) || !parse_number(next_field(line), bucket) || bucket >= buckets) {
      return fail("bad weight row");
    }
    float* row = m.weights.data() + bucket * class_count;
    for (std::size_t k = 0; k < class_count; ++k) {
      if (!parse_float(next_field(line), row[k])) return fail("bad weight");
    }
    if (!next_field(line).empty()) return fail("unexpected trailing fields");
  }
  if (!reader.next(line) || line != "end") return fail("missing \"end\" (truncated file?)");
  return m;
}

}  // namespace centralita::ai
