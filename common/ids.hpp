#pragma once
// Identifiers and digests shared by every layer.

#include <string>
#include <string_view>

namespace centralita {

/// A random RFC 4122 version-4 UUID in its canonical text form.
std::string new_uuid();

/// `bytes` random bytes from the system's CSPRNG, as lower-case hex (throws if it fails).
std::string random_hex(size_t bytes);

/// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

/// Compares two secrets in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace centralita
