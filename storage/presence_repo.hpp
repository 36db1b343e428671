#pragma once
// Who of a team is there (docs/architecture.md §Presence): an agent is available for
// assignment while they switched "Disponible" on (users.online) and a dashboard socket of
// theirs was open within CENTRALITA_PRESENCE_AWAY_S. Every server process keeps
// users.last_seen_at fresh for the users whose sockets it holds, so the answer is the same
// whichever process asks, and a process that dies stops vouching for its users.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One member of the team, as the dashboard shows them.
struct presence_row {
  int64_t id = 0;
  std::string name;
  std::string role;
  bool online = false;     ///< the "Disponible" switch
  bool available = false;  ///< online and seen within the away time: assignable
  std::optional<std::string> last_seen_at;
  std::optional<std::string> away_at;  ///< when they stop being available unless seen again
};

/// SQL text of the availability test on a `users` row aliased `u`, with the away time in
/// seconds as parameter `$<param>` (the assignment's query uses it too).
std::string available_condition(int param);

/// Reads and refreshes presence.
class presence_repo {
 public:
  explicit presence_repo(pg_connection& db) : db_(db) {}

  /// Marks these users seen now (a socket of theirs is open, opened or just closed).
  status touch(const std::vector<int64_t>& user_ids);
  /// The tenant's active users, available first, by name.
  result<std::vector<presence_row>> team(int64_t tenant_id, int away_s);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
