#pragma once
// Dashboard users: the login look-up (by e-mail, across tenants, since the e-mail is what a
// person types) and look-ups within one tenant (by id).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A user with the tenant it belongs to.
struct user {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::string tenant_slug;
  std::string email;
  std::string name;
  std::string role;     ///< agent | supervisor | admin | platform
  bool online = false;  ///< available for new conversations (set by the user)
  int max_open_conversations = 20;
  bool active = true;        ///< false: deactivated, cannot sign in, tokens refused
  bool password_set = true;  ///< false: invited, the set-password link not used yet
};

/// A user and the hash to check a password against (empty: no password set yet), with what
/// a sign-in also needs: the token version to sign and whether the tenant is suspended.
struct user_credentials {
  storage::user user;
  std::string password_hash;
  int64_t token_version = 0;
  bool tenant_suspended = false;
};

/// What decides, on every authenticated request, whether a token still speaks for its user:
/// the current role (a changed role applies at once), whether the user is active, the token
/// version (raised to end every session) and whether the tenant is suspended.
struct session_state {
  std::string role;
  bool active = false;
  int64_t token_version = 0;
  bool tenant_suspended = false;
};

/// Reads users; errc::not_found when there is no such user (in the tenant).
class user_repo {
 public:
  /// Uses `db` for every query; the connection must outlive the repository.
  explicit user_repo(pg_connection& db) : db_(db) {}

  /// The user with this e-mail (compared as given: callers lower-case it, as users are stored).
  result<user_credentials> find_by_email(std::string_view email);
  /// The user with this id in the tenant.
  result<user> find(int64_t tenant_id, int64_t id);
  /// The tenant's users, by name.
  result<std::vector<user>> list(int64_t tenant_id);
  /// Sets whether the user takes new conversations (audited); returns the user.
  result<user> set_online(int64_t tenant_id, int64_t id, bool online);
  /// The session state of the user (a primary-key look-up, run on every authenticated request).
  result<session_state> session_of(int64_t tenant_id, int64_t id);
  /// Whether the tenant has an active user with this id (an assignee must).
  result<bool> exists(int64_t tenant_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
