#pragma once
// Small text helpers the tests and the testkit share.

#include <algorithm>
#include <cctype>
#include <string>

namespace centralita::testkit {

/// True when `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// `s` in ASCII lower case (HTTP header names compare so).
inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// `s` without leading and trailing spaces and tabs (HTTP header values are read so).
inline std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace centralita::testkit
