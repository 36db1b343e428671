#pragma once
// Where the tests find their PostgreSQL and the built binaries.

#include <string>

namespace centralita::testkit {

/// The admin URL of the throwaway PostgreSQL that scripts/test.sh started
/// (CENTRALITA_TEST_DATABASE_URL); throws with a clear message when it is not set.
std::string admin_database_url();

/// The path of the built `centralita` binary.
std::string server_binary();

}  // namespace centralita::testkit
