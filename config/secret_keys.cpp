#include "config/secret_keys.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

namespace centralita::config {

namespace {

result<std::vector<secret_key>> previous_keys(std::string_view text) {
  std::vector<secret_key> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto one = text.substr(0, comma);
    if (!one.empty()) {
      auto k = parse_secret_key(one);
      if (!k) {
        return make_error(errc::invalid_input,
                          "configuration CENTRALITA_SECRET_KEY_PREVIOUS: " + k.error().message,
                          "bad_config");
      }
      out.push_back(std::move(*k));
    }
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

// Creates the key file with a new key, readable by its owner only; an existing file wins, so
// two processes starting at once agree on one key.
status create_key_file(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ec);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    const mode_t old_mask = ::umask(077);
    std::ofstream out{tmp, std::ios::trunc};
    ::umask(old_mask);
    out << generate_secret_key_text() << '\n';
    if (!out) return make_error(errc::internal, "cannot write the secret key file " + path);
  }
  // link() fails when the file exists already: the other process's key is kept.
  const int rc = ::link(tmp.c_str(), path.c_str());
  std::filesystem::remove(tmp, ec);
  if (rc != 0 && errno != EEXIST) {
    return make_error(errc::internal, "cannot create the secret key file " + path);
  }
  return ok_status();
}

}  // namespace

std::string secret_key_path() { return "var/secret_key"; }

result<keyring> load_keyring(const settings& s) {
  auto previous = previous_keys(s.secret_key_previous);
  if (!previous) return previous.error();
  if (!s.secret_key.empty()) {
    auto k = parse_secret_key(s.secret_key);
    if (!k) {
      return make_error(errc::invalid_input,
                        "configuration CENTRALITA_SECRET_KEY: " + k.error().message, "bad_config");
    }
    return keyring{std::move(*k), std::move(*previous)};
  }
  const std::string path = secret_key_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (auto st = create_key_file(path); !st) return st.error();
  }
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  auto k = parse_secret_key(text.str());
  if (!in || !k) {
    return make_error(errc::invalid_input,
                      "the secret key file " + path +
                          " must hold 32 bytes as 64 hex digits or base64 (or set "
                          "CENTRALITA_SECRET_KEY)",
                      "bad_config");
  }
  return keyring{std::move(*k), std::move(*previous)};
}

}  // namespace centralita::config
