#pragma once
// Reading a channel account's sealed secret the way the server does, for tests that sign
// webhooks with it or check what was stored.

#include <string>

#include "storage/pg.hpp"

namespace centralita::testkit {

/// The secret `field` of the account with `account_key`, opened with the tests' key; "" when
/// unset. Throws when the account is missing or its secrets do not open.
std::string account_secret(storage::pg_connection& db, const std::string& account_key,
                           const std::string& field);

}  // namespace centralita::testkit
