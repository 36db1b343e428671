#include "common/secret_box.hpp"

#include <sodium.h>

#include <stdexcept>

namespace centralita {

namespace {

constexpr std::string_view prefix = "v1.";
constexpr size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

void ensure_sodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string key_id(const std::array<unsigned char, 32>& key) {
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, key.data(), key.size(), nullptr, 0);
  char hex[9];
  sodium_bin2hex(hex, sizeof hex, hash, 4);
  return std::string{hex, 8};
}

bool decode(std::string_view text, int variant, std::vector<unsigned char>& out) {
  out.assign(text.size(), 0);
  size_t n = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &n, nullptr,
                        variant) != 0) {
    return false;
  }
  out.resize(n);
  return true;
}

std::string encode(const std::vector<unsigned char>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// "v1.<id>." and the rest, or false when the shape is not ours.
bool split(std::string_view sealed, std::string_view& id, std::string_view& body) {
  if (sealed.substr(0, prefix.size()) != prefix) return false;
  sealed.remove_prefix(prefix.size());
  auto dot = sealed.find('.');
  if (dot == std::string_view::npos) return false;
  id = sealed.substr(0, dot);
  body = sealed.substr(dot + 1);
  return true;
}

}  // namespace

result<secret_key> parse_secret_key(std::string_view text) {
  ensure_sodium();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  secret_key key;
  std::vector<unsigned char> bytes;
  size_t n = 0;
  if (text.size() == 64 &&
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), text.data(), text.size(), nullptr, &n,
                     nullptr) == 0 &&
      n == 32) {
    key.id = key_id(key.bytes);
    return key;
  }
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    if (decode(text, variant, bytes) && bytes.size() == 32) {
      std::copy(bytes.begin(), bytes.end(), key.bytes.begin());
      sodium_memzero(bytes.data(), bytes.size());
      key.id = key_id(key.bytes);
      return key;
    }
  }
  return make_error(errc::invalid_input, "must be 32 bytes written as 64 hex digits or as base64",
                    "bad_config");
}

std::string generate_secret_key_text() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);
  return std::string{hex, 64};
}

keyring::keyring(secret_key current, std::vector<secret_key> previous)
    : current_(std::move(current)), previous_(std::move(previous)) {
  ensure_sodium();
}

const secret_key* keyring::key_for(std::string_view id) const {
  if (id == current_.id) return &current_;
  for (const auto& k : previous_) {
    if (id == k.id) return &k;
  }
  return nullptr;
}

std::string keyring::seal(std::string_view plaintext, std::string_view context) const {
  std::vector<unsigned char> out(nonce_bytes + plaintext.size() + tag_bytes);
  randombytes_buf(out.data(), nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + nonce_bytes, &written, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
      nullptr, out.data(), current_.bytes.data());
  out.resize(nonce_bytes + written);
  return std::string{prefix} + current_.id + "." + encode(out);
}

result<std::string> keyring::open(std::string_view sealed, std::string_view context) const {
  std::string_view id, body;
  if (!split(sealed, id, body)) {
    return make_error(errc::unprocessable, "not a sealed secret", "bad_secret");
  }
  const auto* key = key_for(id);
  if (key == nullptr) {
    return make_error(errc::unprocessable,
                      "sealed with key " + std::string{id} +
                          ", which is neither CENTRALITA_SECRET_KEY nor a previous key",
                      "unknown_secret_key");
  }
  std::vector<unsigned char> bytes;
  if (!decode(body, sodium_base64_VARIANT_URLSAFE_NO_PADDING, bytes) ||
      bytes.size() < nonce_bytes + tag_bytes) {
    return make_error(errc::unprocessable, "sealed secret is truncated", "bad_secret");
  }
  std::string plain(bytes.size() - nonce_bytes - tag_bytes, '\0');
  unsigned long long n = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &n, nullptr, bytes.data() + nonce_bytes,
          bytes.size() - nonce_bytes, reinterpret_cast<const unsigned char*>(context.data()),
          context.size(), bytes.data(), key->bytes.data()) != 0) {
    return make_error(errc::unprocessable, "sealed secret does not open with key " + key->id,
                      "bad_secret");
  }
  plain.resize(n);
  return plain;
}

std::string keyring::derive(std::string_view purpose) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(purpose.data()),
                     purpose.size(), current_.bytes.data(), current_.bytes.size());
  return {reinterpret_cast<const char*>(out), sizeof out};
}

bool keyring::is_current(std::string_view sealed) const {
  std::string_view id, body;
  return split(sealed, id, body) && id == current_.id;
}

std::string secret_hint(std::string_view secret) {
  if (secret.size() <= 8) return {};
  return std::string{secret.substr(secret.size() - 4)};
}

}  // namespace centralita
