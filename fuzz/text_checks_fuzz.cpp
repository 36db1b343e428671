// Fuzz target: the checks every outside text and date passes at the edge, each against a
// plain reference written from its definition.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/calendar.hpp"
#include "common/text_checks.hpp"

namespace {

// RFC 3629: the shortest form of a code point up to U+10FFFF, and no surrogates.
bool reference_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool reference_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const int y = number(s.substr(0, 4)), m = number(s.substr(5, 2)), d = number(s.substr(8, 2));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const bool leap = y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
  const int days = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
  return d <= days;
}

bool reference_timestamp(std::string_view s) {
  if (s.size() != 27 || !reference_date(s.substr(0, 10)) || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != '.' || s[26] != 'Z') {
    return false;
  }
  const int h = number(s.substr(11, 2)), min = number(s.substr(14, 2));
  const int sec = number(s.substr(17, 2)), micros = number(s.substr(20, 6));
  return h >= 0 && h < 24 && min >= 0 && min < 60 && sec >= 0 && sec < 60 && micros >= 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace centralita;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (is_valid_utf8(text) != reference_utf8(text)) std::abort();
  const auto control = find_forbidden_control(text);
  for (size_t i = 0; i < size; ++i) {
    const auto c = data[i];
    const bool forbidden = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    if (forbidden) {
      if (control != i) std::abort();
      break;
    }
    if (i + 1 == size && control) std::abort();
  }
  if (is_calendar_date(text) != reference_date(text)) std::abort();
  if (is_utc_timestamp_micros(text) != reference_timestamp(text)) std::abort();
  return 0;
}
