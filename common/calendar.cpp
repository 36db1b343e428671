#include "common/calendar.hpp"

namespace centralita {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The digits of text[at, at + n) as a number, or -1 when one is not a digit.
int digits(std::string_view text, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
}

bool is_utc_timestamp_micros(std::string_view s) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  if (s.size() != shape.size() || !is_calendar_date(s.substr(0, 10))) return false;
  for (size_t i = 10; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (shape[i] == 'd' ? !digit : s[i] != shape[i]) return false;
  }
  return digits(s, 11, 2) < 24 && digits(s, 14, 2) < 60 && digits(s, 17, 2) < 60;
}

}  // namespace centralita
