#pragma once
// The project's one home for digests, MACs and encodings, all on libsodium: HMAC-SHA256 for the
// providers' webhook signatures and the JWT, SHA-256, hex, base64 and constant-time comparison.

#include <optional>
#include <string>
#include <string_view>

namespace centralita {

/// The 32 raw bytes of HMAC-SHA256 (RFC 2104) of `data` under `key` (any length).
std::string hmac_sha256(std::string_view key, std::string_view data);

/// The 32 raw bytes of SHA-256.
std::string sha256(std::string_view bytes);

/// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex of the bytes.
std::string to_hex(std::string_view bytes);

/// `n` bytes from the system's CSPRNG.
std::string random_bytes(size_t n);

enum class base64_alphabet {
  standard,      // RFC 4648 §4, padded with '='
  url_unpadded,  // RFC 4648 §5, no padding (JWT, sealed secrets)
};

std::string base64_encode(std::string_view bytes, base64_alphabet alphabet);

/// The bytes, or nothing when `text` is not exactly one canonical spelling in that alphabet.
/// For `standard`, missing padding is accepted (providers differ) but nothing else is.
std::optional<std::string> base64_decode(std::string_view text, base64_alphabet alphabet);

/// Compares two secrets in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace centralita
