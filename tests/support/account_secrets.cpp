#include "tests/support/account_secrets.hpp"

#include <stdexcept>

#include "storage/channel_account_repo.hpp"
#include "storage/channel_credentials.hpp"
#include "tests/support/test_env.hpp"

namespace centralita::testkit {

std::string account_secret(storage::pg_connection& db, const std::string& account_key,
                           const std::string& field) {
  auto a = storage::channel_account_repo{db}.find_by_key(account_key);
  if (!a) throw std::runtime_error("account " + account_key + ": " + a.error().message);
  auto secrets = storage::open_secrets(test_keyring(), a->secrets, a->account_key);
  if (!secrets) throw std::runtime_error("account " + account_key + ": " + secrets.error().message);
  auto it = secrets->find(field);
  return it == secrets->end() ? std::string{} : it->second;
}

}  // namespace centralita::testkit
