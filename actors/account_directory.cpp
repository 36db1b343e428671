#include "actors/account_directory.hpp"

#include <algorithm>

#include "common/crypto.hpp"
#include "common/ids.hpp"

namespace centralita::actors {

const std::string& account::credential(const std::string& field) const {
  static const std::string none;
  auto it = credentials.find(field);
  return it == credentials.end() ? none : it->second;
}

account_directory::account_directory(std::vector<account> accounts) : all_(std::move(accounts)) {
  for (size_t i = 0; i < all_.size(); ++i) {
    by_id_.emplace(all_[i].id, i);
    if (all_[i].enabled) by_hash_.emplace(sha256_hex(all_[i].key), i);
  }
}

const account* account_directory::find(std::string_view key) const {
  if (key.empty()) return nullptr;
  auto it = by_hash_.find(sha256_hex(key));
  if (it == by_hash_.end() || !constant_time_equal(all_[it->second].key, key)) return nullptr;
  return &all_[it->second];
}

const account* account_directory::by_id(int64_t tenant_id, int64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end() || all_[it->second].tenant_id != tenant_id) return nullptr;
  return &all_[it->second];
}

std::vector<const account*> account_directory::of_provider(std::string_view provider) const {
  std::vector<const account*> out;
  for (const auto& [hash, i] : by_hash_) {
    if (all_[i].provider == provider) out.push_back(&all_[i]);
  }
  return out;
}

std::vector<const account*> account_directory::of_tenant(int64_t tenant_id,
                                                         std::string_view provider) const {
  std::vector<const account*> out;
  for (const auto& a : all_) {
    if (a.enabled && a.tenant_id == tenant_id && a.provider == provider) out.push_back(&a);
  }
  std::sort(out.begin(), out.end(),
            [](const account* x, const account* y) { return x->id < y->id; });
  return out;
}

}  // namespace centralita::actors
