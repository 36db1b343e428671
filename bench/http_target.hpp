#pragma once
// The `--url` flags of the bench: http://host[:port][/base], no TLS.

#include <cstdint>
#include <optional>
#include <string>

namespace centralita::bench {

/// Where a bench sends its requests.
struct http_target {
  std::string host;
  uint16_t port = 80;
  std::string base;  ///< path prefix without a trailing slash ("" for the root)
};

/// Parses http://host[:port][/base]; nothing when it is not that shape.
std::optional<http_target> parse_http_url(const std::string& url);

}  // namespace centralita::bench
