#pragma once
// The channel accounts' API shapes: reading a create or patch body (credentials checked against
// the provider's fields, secret ones write-only) and writing an account without any secret
// (each secret shows only whether it is set and its last 4 characters).

#include <map>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/channel_account_repo.hpp"

namespace centralita::net {

/// A POST or PATCH body, checked. Credentials set to "" are cleared.
struct channel_account_input {
  std::optional<std::string> provider;  ///< POST only
  std::optional<std::string> name;
  std::optional<std::string> account_key;  ///< POST only; generated when absent
  bool rate_given = false;
  std::optional<double> rate_per_s;
  std::optional<bool> enabled;
  std::map<std::string, std::string> credentials;
};

/// Reads a POST body: provider and name required; errc::invalid_input naming the bad field.
result<channel_account_input> parse_channel_account_create(const std::string& body);

/// Reads a PATCH body of an account of `provider` (provider and account_key cannot change).
result<channel_account_input> parse_channel_account_patch(const std::string& body,
                                                          const std::string& provider);

/// The webhook path of an account (with its key as `?key=`), "" for a provider without one.
std::string webhook_path(const storage::channel_account& a);

/// An account as the API shows it; `webhook_base` (e.g. "http://host:8081") prefixes the
/// webhook URL, which is left out when empty (the audit log's copy).
std::string channel_account_json(const storage::channel_account& a,
                                 const std::string& webhook_base);

}  // namespace centralita::net
