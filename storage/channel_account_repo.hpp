#pragma once
// The channel accounts: the credentials webhooks present (account keys), the sealed secrets
// (storage/channel_credentials.hpp) and the settings of each provider account.

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
  std::string
      provider;  ///< builderbot | elevenlabs | whatsapp_cloud | aftership | 17track | openai
  std::string name;
  std::string account_key;
  std::optional<double> rate_per_s;  ///< webhooks/s; empty means the server-wide default
  std::string status;                ///< the line's state as the provider last reported it
  bool enabled = true;               ///< a disabled account's webhooks get 401, its sends stop
  std::string config_json;           ///< the provider's non-secret fields, raw jsonb text
  std::string secrets;               ///< sealed secrets ("" when none); never shown
  std::string secret_hints_json;     ///< {field: last 4 characters} of the secrets set
  std::string last_check_json;       ///< the last test or refusal, "" when none
  std::string created_at;
  std::string updated_at;
};

/// What a new account holds; the secrets come sealed.
struct new_channel_account {
  int64_t tenant_id = 0;
  std::string provider;
  std::string name;
  std::string account_key;
  std::optional<double> rate_per_s;
  std::string config_json = "{}";
  std::string secrets;
  std::string secret_hints_json = "{}";
};

/// Looks channel accounts up and changes them; errors are errc::not_found when there is no
/// such account in the tenant, errc::conflict when an account key is taken.
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
  /// The same, locking the row until the transaction ends.
  result<channel_account> lock(int64_t tenant_id, int64_t id);
  /// The tenant's accounts, by id.
  result<std::vector<channel_account>> list_by_tenant(int64_t tenant_id);
  /// Inserts an account; errc::conflict when its key is taken.
  result<channel_account> create(const new_channel_account& a);
  /// Writes name, rate, enabled, config and secrets of `a` (found by tenant and id).
  result<channel_account> update(const channel_account& a);
  /// Records the last credentials check (`{"ok":..,"message":..}`), stamped with the time.
  status record_check(int64_t tenant_id, int64_t id, bool ok, const std::string& message);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
