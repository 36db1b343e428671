#include "storage/call_audio.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "storage/file_write.hpp"

namespace centralita::storage {

namespace fs = std::filesystem;

namespace {

// The provider's id becomes a file name: anything but [A-Za-z0-9_-] is replaced.
std::string file_stem(const std::string& id) {
  std::string out;
  for (char c : id) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    out += safe ? c : '_';
  }
  return out;
}

std::string extension(std::string_view bytes) {
  auto type = audio_content_type(bytes);
  if (type == "audio/wav") return ".wav";
  if (type == "audio/ogg") return ".ogg";
  return ".mp3";
}

}  // namespace

std::string audio_content_type(std::string_view bytes) {
  if (bytes.substr(0, 4) == "RIFF") return "audio/wav";
  if (bytes.substr(0, 4) == "OggS") return "audio/ogg";
  return "audio/mpeg";
}

result<std::string> save_call_audio(const std::string& dir, int64_t tenant_id,
                                    const std::string& provider_conversation_id,
                                    std::string_view bytes) {
  std::error_code ec;
  fs::path folder = fs::path{dir} / std::to_string(tenant_id);
  fs::create_directories(folder, ec);
  if (ec)
    return make_error(errc::internal, "cannot create " + folder.string() + ": " + ec.message());
  fs::path target = folder / (file_stem(provider_conversation_id) + extension(bytes));
  fs::path temp = target;
  temp += ".part";
  if (auto s = write_file_atomically(target, temp, bytes, temp.string()); !s) return s.error();
  return target.string();
}

result<std::string> load_call_audio(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return make_error(errc::not_found, "the call's recording is gone", "audio_not_found");
  return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace centralita::storage
