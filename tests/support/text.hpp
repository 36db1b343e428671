#pragma once
// Small text checks the tests share.

#include <string>

namespace centralita::testkit {

/// True when `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace centralita::testkit
