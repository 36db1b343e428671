#pragma once
// A provider account's credential fields by name, as stored sealed
// (storage/channel_credentials.hpp) and read by every provider adapter.

#include <map>
#include <string>

namespace centralita::providers {

using credentials = std::map<std::string, std::string>;

/// The credential `name` of an account, or `fallback` when it is unset or empty.
inline std::string field_or(const credentials& account, const char* name,
                            const std::string& fallback) {
  auto it = account.find(name);
  return it == account.end() || it->second.empty() ? fallback : it->second;
}

}  // namespace centralita::providers
