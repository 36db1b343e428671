#pragma once
// Private notes agents write in a conversation or on a ticket, and the notifications their `@name`
// mentions give. Notes live apart from messages (migration 035): the outbox, the AI and the SLA
// clock never see them. Rows come back as JSON text built by PostgreSQL.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A note just written and who it mentions.
struct created_note {
  std::string note_json;  ///< shaped like a timeline message, with "private": true
  /// One `{"id","user_id","conversation_id","note_id","kind","preview",...}` per mentioned user.
  std::vector<std::string> notifications_json;
};

/// A note of a conversation's timeline.
struct note_row {
  std::string created_at;  ///< RFC 3339 UTC, to place it among the messages
  std::string json;        ///< as created_note::note_json
};

/// Notes and notifications within one tenant.
class note_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit note_repo(pg_connection& db) : db_(db) {}

  /// Writes the note, its audit row and a notification for each active user of the tenant
  /// named by one of `mentions` (lower case: a first name, a full name without spaces or an
  /// email's local part; the author is never notified), in one transaction; errc::not_found
  /// when the conversation is not the tenant's.
  result<created_note> create(int64_t tenant_id, int64_t author_id, int64_t conversation_id,
                              const std::string& text, const std::vector<std::string>& mentions);
  /// The same on a ticket (errc::not_found when it is not the tenant's); the note also goes
  /// into the ticket's conversation, when it has one.
  result<created_note> create_on_ticket(int64_t tenant_id, int64_t author_id, int64_t ticket_id,
                                        const std::string& text,
                                        const std::vector<std::string>& mentions);
  /// The conversation's latest 500 notes, oldest first.
  result<std::vector<note_row>> list(int64_t tenant_id, int64_t conversation_id);
  /// `{"items":[...]}`: the ticket's latest 500 notes, oldest first.
  result<std::string> list_for_ticket(int64_t tenant_id, int64_t ticket_id);
  /// `{"items":[...],"unread":n}`: the user's latest notifications, newest first.
  result<std::string> notifications(int64_t tenant_id, int64_t user_id, int limit);
  /// Marks the user's notifications read (all of them when `ids` is empty).
  status mark_read(int64_t tenant_id, int64_t user_id, const std::vector<int64_t>& ids);

 private:
  // Writes a note on `conversation_id` and/or `ticket_id` ("" for none), audited on `on`.
  result<created_note> write(int64_t tenant_id, int64_t author_id,
                             const std::string& conversation_id, const std::string& ticket_id,
                             const std::string& on, const std::string& text,
                             const std::vector<std::string>& mentions);
  // Locks the note's subject with `lock_sql` (its one column: the conversation the note goes
  // into), `missing` when the tenant has none with `subject_id`, then writes the note on it.
  result<created_note> write_on(const char* lock_sql, const error& missing, int64_t tenant_id,
                                int64_t author_id, int64_t subject_id, const std::string& on,
                                const std::string& text, const std::vector<std::string>& mentions);
  pg_connection& db_;
};

}  // namespace centralita::storage
