#pragma once
// Media files, content-addressed under the data directory: `<data_dir>/media/<h[0:2]>/<h>`
// where h is the SHA-256 of the bytes (docs/architecture.md §Media). The same photo sent twice,
// or to two tenants, is one file; who may read it is decided by the media rows, never by the
// file name, which no request ever names.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::storage {

/// Where the file with this digest lives.
std::string media_path(const std::string& data_dir, const std::string& sha256);

/// Writes `bytes` (through a temporary file and a rename, so no reader sees half a file) unless
/// the file is already there; returns the SHA-256 (lower-case hex).
result<std::string> save_media(const std::string& data_dir, std::string_view bytes);

/// The file with this digest; errc::not_found when it is gone.
result<std::string> load_media(const std::string& data_dir, const std::string& sha256);

}  // namespace centralita::storage
