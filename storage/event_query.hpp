#pragma once
// The event log as agents see it: every webhook event of the tenant with its outcome, and the
// replay of one that failed (back to accepted, for the pipeline to process again).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One logged event; the payload only when asked for one event.
struct logged_event {
  std::string event_id;
  int64_t seq = 0;
  std::optional<int64_t> channel_account_id;
  std::string provider;
  std::string event_name;
  std::string status;  ///< accepted | processed | ignored | failed | duplicate
  int attempts = 0;
  std::optional<std::string> last_error;
  std::string received_at;
  std::optional<std::string> processed_at;
  std::optional<std::string> payload;
  std::optional<std::string> duplicate_of;  ///< a suppressed duplicate's original event
};

/// What to list: newest first, keyset-paged on seq.
struct event_filter {
  std::optional<std::string> status;
  std::optional<std::string> provider;
  std::optional<int64_t> before_seq;
  /// Only the events of this conversation's messages and their suppressed duplicates.
  std::optional<int64_t> conversation_id;
  int limit = 50;  ///< 1..200
};

/// A page of events and the cursor of the next one.
struct event_page {
  std::vector<logged_event> items;
  std::optional<int64_t> next_before_seq;
};

/// Reads the tenant's event log; replays failed events.
class event_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit event_query(pg_connection& db) : db_(db) {}

  result<event_page> list(int64_t tenant_id, const event_filter& f);
  /// How many body-hash duplicates of the conversation's messages were suppressed.
  result<int64_t> suppressed_count(int64_t tenant_id, int64_t conversation_id);
  /// One event with its payload; errc::not_found for another tenant's or a malformed id.
  result<logged_event> find(int64_t tenant_id, const std::string& event_id);
  /// Puts a failed event back to accepted (audited, by `user_id`) and returns it for dispatch;
  /// errc::conflict unless it failed.
  result<pending_event> replay(int64_t tenant_id, const std::string& event_id, int64_t user_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
