#pragma once
// Password hashing for the users table: Argon2id through libsodium, in its self-describing
// string form (algorithm, parameters and salt travel inside the hash).

#include <string>
#include <string_view>

namespace centralita {

/// Hashes a password with Argon2id (libsodium's interactive limits, ~64 MiB and ~0.1 s); throws
/// std::bad_alloc when that memory cannot be had, std::runtime_error if libsodium cannot start.
std::string hash_password(std::string_view password);

/// True when `password` matches `hash` (a string made by hash_password); false for a wrong
/// password and for a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace centralita
