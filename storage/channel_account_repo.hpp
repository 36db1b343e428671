#pragma once
// Read access to channel accounts: the credentials webhooks present (account keys) and the
// secrets their signatures are checked with.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One provider account of a tenant (a WhatsApp line, an ElevenLabs agent, ...).
struct channel_account {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string provider;  ///< builderbot | elevenlabs | whatsapp_cloud | aftership | 17track
  std::string name;
  std::string account_key;
  std::optional<std::string> webhook_secret;
  std::optional<double> rate_per_s;         ///< webhooks/s; empty means the server-wide default
  std::string status;                       ///< "active" accepts webhooks
  std::string config_json;                  ///< provider-specific settings, raw jsonb text
  std::optional<std::string> verify_token;  ///< whatsapp_cloud: answers Meta's handshake
};

/// Looks channel accounts up; errors are errc::not_found when there is no such account.
class channel_account_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit channel_account_repo(pg_connection& db) : db_(db) {}

  /// Every account of every tenant, by id: the gateway builds its in-memory key directory from
  /// it. Deliberately not filtered by tenant, because the key is what names the tenant.
  result<std::vector<channel_account>> list_all();
  /// The account with this key, whatever its tenant (the key is the credential).
  result<channel_account> find_by_key(std::string_view account_key);
  /// The account with this id within the tenant.
  result<channel_account> find(int64_t tenant_id, int64_t id);
  /// The tenant's accounts, by id.
  result<std::vector<channel_account>> list_by_tenant(int64_t tenant_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
