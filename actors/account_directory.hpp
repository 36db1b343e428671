#pragma once
// The channel accounts, by their webhook key and by id, with their credentials opened, as an
// immutable snapshot that the networking threads and the outbox senders read without locks and
// the housekeeper replaces every few seconds (and the API at once after a change).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace centralita::actors {

/// A channel account as the webhook edge and the senders need it.
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
  bool enabled = true;       ///< a disabled account is found by id only, never by key
  /// Every credential field (storage/channel_credentials.hpp), secret ones opened. Never logged.
  std::map<std::string, std::string> credentials;
  /// Changes whenever the credentials change: senders rebuild their clients on a new one.
  std::string fingerprint;

  /// The credential `field`, "" when unset.
  const std::string& credential(const std::string& field) const;
};

/// Accounts by key and by id. Keys are looked up by their SHA-256 and then compared in constant
/// time, so the time taken reveals nothing about the stored keys.
class account_directory {
 public:
  explicit account_directory(std::vector<account> accounts);
  /// The enabled account with this key, or nullptr.
  const account* find(std::string_view key) const;
  /// The account with this id in this tenant, enabled or not, or nullptr.
  const account* by_id(int64_t tenant_id, int64_t id) const;
  /// Every enabled account of `provider` (tracking webhooks may name no key: their signature
  /// does).
  std::vector<const account*> of_provider(std::string_view provider) const;
  /// The tenant's enabled accounts of `provider`, lowest id first (the one its outbound calls,
  /// tracking look-ups or LLM calls use).
  std::vector<const account*> of_tenant(int64_t tenant_id, std::string_view provider) const;
  /// How many accounts are enabled.
  size_t size() const { return by_hash_.size(); }

 private:
  std::vector<account> all_;
  std::unordered_map<std::string, size_t> by_hash_;
  std::unordered_map<int64_t, size_t> by_id_;
};

}  // namespace centralita::actors
