#pragma once
// The credentials of a channel account: which fields each provider has, which of them are
// secret, and sealing the secret ones (common/secret_box.hpp) into the account's row.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One credential field of a provider.
struct credential_field {
  std::string name;
  bool secret = false;
};

/// The providers a channel account may have.
const std::vector<std::string>& channel_providers();

/// The credential fields of `provider` (empty for an unknown provider).
const std::vector<credential_field>& credential_fields(std::string_view provider);

/// Field values by name.
using credential_map = std::map<std::string, std::string>;

/// Seals `secrets` as one JSON object bound to `account_key`; empty text when there are none.
std::string seal_secrets(const keyring& ring, const credential_map& secrets,
                         std::string_view account_key);

/// Opens what seal_secrets() made; an empty text is no secrets.
result<credential_map> open_secrets(const keyring& ring, std::string_view sealed,
                                    std::string_view account_key);

/// The string members of a JSON object (an account's config column); empty when not an object.
credential_map parse_config(const std::string& json);

/// `values` as a JSON object of strings.
std::string config_json(const credential_map& values);

/// The hints of `secrets` as a JSON object {field: last 4 characters}.
std::string hints_json(const credential_map& secrets);

/// Seals the plaintext webhook_secret and verify_token left in rows (by older versions, or by
/// SQL) into their account's secrets and clears them, in one transaction; how many rows moved.
/// Errors name the account whose sealed secrets do not open.
result<int> seal_plaintext_secrets(pg_connection& db, const keyring& ring);

/// Re-seals every account's secrets with the ring's current key, in one transaction that
/// locks the rows; how many rows changed. Errors name the account that does not open.
result<int> rotate_secrets(pg_connection& db, const keyring& ring);

}  // namespace centralita::storage
