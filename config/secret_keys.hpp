#pragma once
// The keyring channel secrets are sealed with (common/secret_box.hpp): CENTRALITA_SECRET_KEY
// and CENTRALITA_SECRET_KEY_PREVIOUS, or, when no key is configured, the key file
// `var/secret_key` (created with a random key, mode 0600, the first time one is needed, the way
// scripts/run.sh keeps the JWT secret under var/).

#include <string>

#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "config/settings.hpp"

namespace centralita::config {

/// The file the key is kept in when CENTRALITA_SECRET_KEY is not set: `var/secret_key` under the
/// working directory, where scripts/run.sh keeps the JWT secret. Not under CENTRALITA_DATA_DIR:
/// `migrate`, `seed` and `serve` started from one directory share the key whatever data
/// directory each is given, and a copy of the data directory holds no key.
std::string secret_key_path();

/// The keyring of the settings; creates the key file when no key is configured and there is
/// none yet. The error names the variable or the file, never a key.
result<keyring> load_keyring(const settings& s);

}  // namespace centralita::config
