#include "actors/account_directory.hpp"

#include "common/ids.hpp"

namespace centralita::actors {

account_directory::account_directory(std::vector<account> accounts) {
  for (auto& a : accounts) {
    auto hash = sha256_hex(a.key);
    by_hash_.emplace(std::move(hash), std::move(a));
  }
}

const account* account_directory::find(std::string_view key) const {
  if (key.empty()) return nullptr;
  auto it = by_hash_.find(sha256_hex(key));
  if (it == by_hash_.end() || !constant_time_equal(it->second.key, key)) return nullptr;
  return &it->second;
}

std::vector<const account*> account_directory::of_provider(std::string_view provider) const {
  std::vector<const account*> out;
  for (const auto& [hash, a] : by_hash_) {
    if (a.provider == provider) out.push_back(&a);
  }
  return out;
}

}  // namespace centralita::actors
