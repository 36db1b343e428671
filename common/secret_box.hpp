#pragma once
// Secrets at rest: XChaCha20-Poly1305 (libsodium's crypto_aead_xchacha20poly1305_ietf) under a
// 32-byte key. A sealed value names the key that sealed it ("v1.<key id>.<base64url>"), so a
// keyring of the current key plus the previous ones opens every value during a rotation while
// new values are sealed with the current key only.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace centralita {

/// One 32-byte key and its id (the first 8 hex digits of its BLAKE2b hash).
struct secret_key {
  std::array<unsigned char, 32> bytes{};
  std::string id;
};

/// Parses a key written as 64 hex digits or as base64 (standard or URL alphabet) of 32 bytes;
/// the error says which shape is expected and never repeats the text.
result<secret_key> parse_secret_key(std::string_view text);

/// A new random key as 64 hex digits.
std::string generate_secret_key_text();

/// The keys secrets are sealed and opened with.
class keyring {
 public:
  /// A keyring that seals with `current` and opens with it or any of `previous`.
  keyring(secret_key current, std::vector<secret_key> previous = {});

  /// Seals `plaintext`, bound to `context` (e.g. the account key: a sealed value copied to
  /// another row does not open there).
  std::string seal(std::string_view plaintext, std::string_view context) const;
  /// Opens a value sealed by seal() with the same context; errc::unprocessable when no key of
  /// the ring sealed it or it was altered.
  result<std::string> open(std::string_view sealed, std::string_view context) const;
  /// True when `sealed` was sealed with the current key (rotation skips it).
  bool is_current(std::string_view sealed) const;
  /// The current key's id.
  const std::string& current_id() const { return current_.id; }
  /// A 32-byte key for `purpose` (e.g. "media-url"), derived from the current key with keyed
  /// BLAKE2b: other uses of the secret key never share its bytes.
  std::string derive(std::string_view purpose) const;

 private:
  const secret_key* key_for(std::string_view id) const;

  secret_key current_;
  std::vector<secret_key> previous_;
};

/// The last 4 characters of a secret, to show that it is set ("" for a secret of 8 or fewer
/// characters, which would give away too much of it).
std::string secret_hint(std::string_view secret);

}  // namespace centralita
