#include "net/static_files.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <vector>

#include "common/log.hpp"
#include "net/json_reply.hpp"

namespace centralita::net {

namespace fs = std::filesystem;

namespace {

constexpr const char* index_file = "index.html";

struct mime {
  const char* ext;
  const char* type;
};
constexpr mime mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".md", "text/markdown; charset=utf-8"},
    {".map", "application/json"},
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a path; nullopt for a broken escape or a NUL byte.
std::optional<std::string> decode_path(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

// The path's segments, or nullopt when one of them may not be served (`..`, dot-files,
// back-slashes). Empty segments (`//`) are dropped.
std::optional<std::vector<std::string>> safe_segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    start = slash + 1;
    if (seg.empty()) continue;
    if (seg[0] == '.' || seg.find('\\') != std::string::npos) return std::nullopt;
    out.push_back(std::move(seg));
  }
  return out;
}

bool is_api_path(const std::string& path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path == "/ws" ||
         path.rfind("/ws/", 0) == 0;
}

// True when `p` (canonical) lies inside `root` (canonical).
bool inside(const fs::path& p, const fs::path& root) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *q != *r) return false;
  }
  return true;
}

std::string etag_for(uintmax_t size, fs::file_time_type mtime) {
  char buf[64];
  auto ticks = static_cast<long long>(mtime.time_since_epoch().count());
  std::snprintf(buf, sizeof(buf), "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(ticks));
  return buf;
}

response not_found(const std::string& path) {
  return error_response(errc::not_found, "no file for " + path, "not_found");
}

}  // namespace

std::string content_type_for(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext{file_name.substr(dot)};
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& m : mime_types) {
    if (ext == m.ext) return m.type;
  }
  return "application/octet-stream";
}

response serve_static(const static_site& site, const request& req) {
  if (is_api_path(req.path)) {
    return error_response(errc::not_found, "no route for " + req.path);
  }
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = error_response(errc::invalid_input, req.method + " is not allowed here",
                            "method_not_allowed");
    r.status = 405;
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  auto decoded = decode_path(req.path);
  if (!decoded) return error_response(errc::invalid_input, "malformed path", "bad_path");
  auto segments = safe_segments(*decoded);
  if (!segments) return error_response(errc::invalid_input, "path refused", "bad_path");

  std::error_code ec;
  auto root = fs::canonical(site.root, ec);
  if (ec) {
    log::warn("static: web directory {} is missing: {}", site.root, ec.message());
    return not_found(req.path);
  }
  fs::path target = root;
  for (const auto& s : *segments) target /= s;
  // An extension-less path the directory does not hold is one of the app's own routes.
  bool is_asset = !segments->empty() && segments->back().find('.') != std::string::npos;
  if (segments->empty() || (!is_asset && !fs::is_regular_file(target, ec))) {
    target = root / index_file;
  }
  auto real = fs::canonical(target, ec);
  if (ec || !inside(real, root) || !fs::is_regular_file(real, ec)) return not_found(req.path);
  auto size = fs::file_size(real, ec);
  if (ec) return not_found(req.path);
  if (size > site.max_file_bytes) {
    log::warn("static: {} is over the {} byte limit", real.string(), site.max_file_bytes);
    return not_found(req.path);
  }
  auto mtime = fs::last_write_time(real, ec);
  if (ec) return not_found(req.path);

  response r;
  r.content_type = content_type_for(real.filename().string());
  auto etag = etag_for(size, mtime);
  r.headers = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
  if (req.header("if-none-match") == etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  std::ifstream in{real, std::ios::binary};
  if (!in) return not_found(req.path);
  r.body.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
  return r;
}

handler static_files_handler(static_site site) {
  return [site = std::move(site)](const request& req, respond_fn respond) {
    respond(serve_static(site, req));
  };
}

}  // namespace centralita::net
