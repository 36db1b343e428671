#include "tests/support/test_env.hpp"

#include <cstdlib>
#include <stdexcept>

namespace centralita::testkit {

std::string admin_database_url() {
  const char* url = std::getenv("CENTRALITA_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "CENTRALITA_TEST_DATABASE_URL is not set: run the tests through scripts/test.sh, which "
        "starts a throwaway PostgreSQL");
  }
  return url;
}

keyring test_keyring() { return keyring{*parse_secret_key(test_secret_key)}; }

std::string server_binary() { return CENTRALITA_BINARY; }

}  // namespace centralita::testkit
