#pragma once
// The dashboard's files on the API listener: GET and HEAD of any path outside /api/ and /ws
// serve a file under the web directory; `/` and extension-less paths the directory lacks (the
// single-page app's own routes) serve index.html. Paths are normalised before they touch the
// file system: `..`, dot-files, back-slashes and symlinks leading outside are refused.

#include <cstddef>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace centralita::net {

/// Where the files live and how large one may be.
struct static_site {
  std::string root;                         ///< the web directory (CENTRALITA_WEB_DIR)
  size_t max_file_bytes = 8 * 1024 * 1024;  ///< larger files answer 404 (and are logged)
};

/// The Content-Type of a file name by its extension; application/octet-stream when unknown.
std::string content_type_for(std::string_view file_name);

/// Answers one request from `site` (pure: no network; reads the file system only).
response serve_static(const static_site& site, const request& req);

/// A handler over serve_static, for router::set_fallback().
handler static_files_handler(static_site site);

}  // namespace centralita::net
