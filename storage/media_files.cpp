#include "storage/media_files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "common/crypto.hpp"
#include "common/ids.hpp"
#include "storage/file_write.hpp"

namespace centralita::storage {

namespace fs = std::filesystem;

namespace {

bool is_digest(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::string media_path(const std::string& data_dir, const std::string& sha256) {
  return (fs::path{data_dir} / "media" / sha256.substr(0, 2) / sha256).string();
}

result<std::string> save_media(const std::string& data_dir, std::string_view bytes) {
  const auto digest = sha256_hex(bytes);
  fs::path target = media_path(data_dir, digest);
  std::error_code ec;
  if (fs::exists(target, ec) && fs::file_size(target, ec) == bytes.size()) return digest;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return make_error(errc::internal, "cannot create the media directory: " + ec.message());
  fs::path temp = target;
  temp += "." + random_hex(8) + ".part";
  if (auto s = write_file_atomically(target, temp, bytes, "a media file"); !s) return s.error();
  return digest;
}

result<std::string> load_media(const std::string& data_dir, const std::string& sha256) {
  if (!is_digest(sha256)) return make_error(errc::not_found, "no such media", "not_found");
  std::ifstream in{media_path(data_dir, sha256), std::ios::binary};
  if (!in) return make_error(errc::not_found, "the media file is gone", "media_gone");
  return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace centralita::storage
