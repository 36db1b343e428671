#pragma once
// The channel accounts, by their webhook key, as an immutable snapshot that the networking
// threads read without locks and a refresher actor replaces every few seconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace centralita::actors {

/// A channel account as the webhook edge needs it.
struct account {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string provider;
  std::string name;
  std::string key;
  std::string webhook_secret;
  std::optional<double> rate_per_s;
  std::string status;
  std::string verify_token;  ///< whatsapp_cloud: the subscription handshake's token
};

/// Accounts by key. Keys are looked up by their SHA-256 and then compared in constant time,
/// so the time taken reveals nothing about the stored keys.
class account_directory {
 public:
  explicit account_directory(std::vector<account> accounts);
  /// The account with this key, or nullptr.
  const account* find(std::string_view key) const;
  /// Every account of `provider` (tracking webhooks may name no key: their signature does).
  std::vector<const account*> of_provider(std::string_view provider) const;
  size_t size() const { return by_hash_.size(); }

 private:
  std::unordered_map<std::string, account> by_hash_;
};

}  // namespace centralita::actors
