#include "bench/http_target.hpp"

#include <cstdlib>

namespace centralita::bench {

std::optional<http_target> parse_http_url(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  if (rest.empty() || rest.find("://") != std::string::npos) return std::nullopt;
  http_target out;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.base = slash == std::string::npos ? "" : rest.substr(slash);
  while (!out.base.empty() && out.base.back() == '/') out.base.pop_back();
  size_t colon = authority.rfind(':');
  out.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    char* end = nullptr;
    long port = std::strtol(authority.c_str() + colon + 1, &end, 10);
    if (*end != '\0' || port <= 0 || port > 65535) return std::nullopt;
    out.port = static_cast<uint16_t>(port);
  }
  if (out.host.empty()) return std::nullopt;
  return out;
}

}  // namespace centralita::bench
