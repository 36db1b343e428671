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
  std::string role;     ///< agent | admin
  bool online = false;  ///< available for new conversations (set by the user)
  int max_open_conversations = 20;
};

/// A user and the hash to check a password against.
struct user_credentials {
  storage::user user;
  std::string password_hash;
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
  /// Whether the tenant has a user with this id (an assignee must).
  result<bool> exists(int64_t tenant_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
