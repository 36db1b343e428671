#pragma once
// The config tests load settings from a fixed map instead of the process environment.

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>

#include "config/settings.hpp"

namespace centralita::config_test {

/// Environment variables by name: all that is set.
using values = std::map<std::string, std::string>;

/// The settings `set` gives when it is the whole environment.
inline result<config::settings> load(values set) {
  return config::load([set = std::move(set)](const std::string& key) -> std::optional<std::string> {
    auto it = set.find(key);
    if (it == set.end()) return std::nullopt;
    return it->second;
  });
}

/// The settings `set` gives; the test stops when they are refused.
inline config::settings accepted(values set) {
  auto s = load(std::move(set));
  REQUIRE(s);
  return *s;
}

/// The message `set` is refused with (the test fails when it is accepted).
inline std::string refusal(values set) {
  auto s = load(std::move(set));
  REQUIRE_FALSE(s);
  CHECK(s.error().code == errc::invalid_input);
  return s.error().message;
}

/// True when `set` is refused with a message containing `text` (usually the key at fault).
inline bool refused_with(values set, const std::string& text) {
  return refusal(std::move(set)).find(text) != std::string::npos;
}

}  // namespace centralita::config_test
