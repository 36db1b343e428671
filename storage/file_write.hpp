#pragma once
// Files the server keeps (call recordings, media) are written whole or not at all.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::storage {

/// Writes `bytes` to `temp`, then renames it to `target`, so no reader ever sees half a file;
/// on failure `temp` is removed (a half-written file would keep a full disk full) and the error
/// (errc::internal) names `what`.
status write_file_atomically(const std::filesystem::path& target, const std::filesystem::path& temp,
                             std::string_view bytes, const std::string& what);

}  // namespace centralita::storage
