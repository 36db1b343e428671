#pragma once
// Managing a tenant's people: invitations with one-time set-password links, role, capacity and
// deactivation, passwords and ending every session. Each change is one transaction with its
// audit row (who, what, before, after; never a password or a link).

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/user_repo.hpp"

namespace centralita::storage {

/// How long a set-password link stays valid.
inline constexpr int password_link_hours = 72;

/// A user to invite; the e-mail already lower-cased, the role already checked.
struct new_user {
  std::string name;
  std::string email;
  std::string role;
};

/// A change to a user; absent fields stay as they are.
struct user_change {
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<int> max_open_conversations;
};

/// Writes users; errc::not_found for a user not in the tenant, errc::conflict for an e-mail
/// already in use.
class user_admin_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit user_admin_repo(pg_connection& db) : db_(db) {}

  /// Inserts a user without a password and its set-password link (the token's SHA-256 hex),
  /// with no transaction or audit of its own: invite() and a new tenant's first admin use it.
  result<int64_t> insert_invited(int64_t tenant_id, const new_user& u,
                                 const std::string& token_hash, std::optional<int64_t> by);
  /// Invites a user on behalf of `by` (a user of the tenant), audited as user.invited.
  result<user> invite(int64_t tenant_id, int64_t by, const new_user& u,
                      const std::string& token_hash);
  /// Applies `c` to the user, audited as user.updated with the fields before and after.
  /// Deactivation also takes the user offline and raises the token version, so that a later
  /// reactivation does not revive old tokens.
  result<user> change(int64_t tenant_id, int64_t by, int64_t id, const user_change& c);
  /// A new set-password link for an invited user who has not set a password yet, on behalf of
  /// `by`: the user's earlier links stop working; audited as user.password_link_sent (never the
  /// link). errc::not_found outside the tenant, errc::conflict when the user already has a
  /// password or is deactivated.
  result<user> resend_link(int64_t tenant_id, int64_t by, int64_t id,
                           const std::string& token_hash);
  /// Whether a set-password link can be used now (checked before the slow password hash, so
  /// that a wrong link costs no Argon2); use_password_link() decides for good.
  result<bool> password_link_usable(const std::string& token_hash);
  /// Uses a set-password link: sets the hash, ends the user's sessions, marks the link used.
  /// errc::invalid_input when the link is unknown, used, expired, or its user cannot sign in.
  result<user> use_password_link(const std::string& token_hash, const std::string& password_hash);
  /// The user's password hash (empty when none is set).
  result<std::string> password_hash(int64_t tenant_id, int64_t id);
  /// Replaces the user's own password, audited as user.password_changed.
  status change_password(int64_t tenant_id, int64_t id, const std::string& password_hash);
  /// Raises the user's token version: every token signed before fails from its next request.
  status end_sessions(int64_t tenant_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
