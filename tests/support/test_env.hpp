#pragma once
// Where the tests find their PostgreSQL and the built binaries.

#include <string>

#include "common/secret_box.hpp"

namespace centralita::testkit {

/// The admin URL of the throwaway PostgreSQL that scripts/test.sh started
/// (CENTRALITA_TEST_DATABASE_URL); throws with a clear message when it is not set.
std::string admin_database_url();

/// The CENTRALITA_SECRET_KEY of every test: the databases the tests seed and the servers they
/// start share it.
inline constexpr const char* test_secret_key =
    "7465737420736563726574206b6579206f662063656e7472616c6974612121ff";

/// The keyring of test_secret_key.
keyring test_keyring();

/// The path of the built `centralita` binary.
std::string server_binary();

}  // namespace centralita::testkit
