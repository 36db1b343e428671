#pragma once
// Random identifiers shared by every layer (digests and MACs are in common/crypto.hpp).

#include <string>

namespace centralita {

/// A random RFC 4122 version-4 UUID in its canonical text form.
std::string new_uuid();

/// `bytes` random bytes from the system's CSPRNG, as lower-case hex.
std::string random_hex(size_t bytes);

}  // namespace centralita
