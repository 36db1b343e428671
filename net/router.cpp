#include "net/router.hpp"

namespace centralita::net {

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}
}  // namespace

void router::add(std::string method, std::string pattern, handler h) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(h)});
}

route_match router::match(const std::string& method, const std::string& path) const {
  route_match out;
  out.name = "unmatched";
  auto segments = split_path(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = r.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        params[want.substr(1, want.size() - 2)] = segments[i];
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    out.name = r.pattern;
    if (r.method != method) {
      out.method_mismatch = true;
      continue;
    }
    out.target = &r.h;
    out.method_mismatch = false;
    out.params = std::move(params);
    return out;
  }
  if (!out.method_mismatch && fallback_) {
    out.name = "static";
    out.target = &fallback_;
  }
  return out;
}

void router::set_fallback(handler h) { fallback_ = std::move(h); }

std::vector<std::pair<std::string, std::string>> router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace centralita::net
