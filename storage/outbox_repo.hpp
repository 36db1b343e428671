#pragma once
// The outbox: one row per outgoing message, written with the message (outbound_repo), and one
// per Builderbot blacklist call of a hand-off (blacklist_outbox.hpp), worked by the outbox
// sender. Row status life cycle:
//   pending -> sending (claimed under a lease) -> sent
//                                              -> pending (a retryable failure, due later)
//                                              -> failed  (refused for good, e.g. a 400)
//                                              -> dead    (retryable, but out of attempts)
//   failed | dead -> pending (retried by a user; a fresh budget of attempts)
// A row left 'sending' past its lease (its process died) is claimed again. The message follows:
// queued -> sent | failed | dead, and back to queued on a retry.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/audit_repo.hpp"
#include "storage/pg.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

/// What every view of an outbox row names: the row, the message it sends (or none, for a
/// blacklist call), the conversation it belongs to and the provider that sends it.
struct outbox_item {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::optional<int64_t> message_id;  ///< none for a blacklist call
  int64_t conversation_id = 0;
  std::string provider;
  std::string kind = "message";  ///< message | blacklist
};

/// One outbox row as the API shows it; times are RFC 3339 UTC.
struct outbox_row : outbox_item {
  std::optional<std::string> intent;  ///< blacklist: add | remove
  std::string status;                 ///< pending | sending | sent | failed | dead
  int attempts = 0;
  std::optional<std::string> next_attempt_at;  ///< due / lease end; empty once sent, failed, dead
  std::optional<std::string> last_error;
  std::optional<std::string> provider_message_id;
  std::optional<std::string> sent_at;
  std::string created_at;
  std::string updated_at;
  std::string text;  ///< the message's text ("" for a blacklist call)
};

/// True for the five outbox statuses.
bool is_outbox_status(std::string_view status);

/// What to list: newest first, keyset-paged on id.
struct outbox_filter {
  std::optional<std::string> status;
  std::optional<int64_t> before_id;  ///< the previous page's next_before_id
  int limit = 50;                    ///< 1..200
};

/// A page of the list and the cursor of the next one.
using outbox_page = record_page<outbox_row>;

/// A row claimed for one attempt: what to send and the lease that records the outcome.
struct claimed_send : outbox_item {
  std::string intent;                         ///< blacklist: add | remove
  std::optional<int64_t> channel_account_id;  ///< whose credentials send it
  std::string number;
  std::string content;
  std::optional<std::string> media_url;
  std::optional<int64_t> media_id = std::nullopt;  ///< an uploaded file (media_repo) to send
  int attempt = 0;                                 ///< 1 for the first attempt
  std::string lease_id;
  std::optional<std::string> template_json;  ///< Graph's `template` object, for a template send
};

/// The outcome of one attempt, to record.
struct send_outcome_record {
  enum class kind { sent, retry, failed, dead };
  kind what = kind::sent;
  std::optional<std::string> provider_message_id;  ///< for sent
  std::string error;                               ///< for the others
  std::chrono::milliseconds retry_in{0};           ///< for retry
};

/// The states after a recorded outcome, for the live events.
struct recorded_outcome {
  std::string row_status;      ///< the outbox row's new status
  std::string message_status;  ///< the message's status now
  bool message_changed = false;
};

/// Reads and moves outbox rows.
class outbox_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit outbox_repo(pg_connection& db) : db_(db) {}

  /// The tenant's rows, newest first.
  result<outbox_page> list(int64_t tenant_id, const outbox_filter& filter);
  /// One row of the tenant; errc::not_found otherwise.
  result<outbox_row> find(int64_t tenant_id, int64_t id);
  /// failed | dead -> pending, due now, attempts reset; the message back to queued; an audit
  /// row by `who`. errc::not_found for another tenant's row, errc::conflict in any other state.
  result<outbox_row> retry(int64_t tenant_id, int64_t id, const actor& who);

  /// Claims up to `limit` due rows (pending and due, or sending past their lease) of every
  /// tenant with FOR UPDATE SKIP LOCKED, in one committed statement: each gets status sending,
  /// attempts + 1, a fresh lease_id and a lease until now + `lease`. A row whose conversation
  /// has an earlier outgoing message still queued waits, so replies go out in order.
  result<std::vector<claimed_send>> claim_due(int limit, std::chrono::milliseconds lease);
  /// Records the outcome of an attempt, with the message's status, in one transaction, only
  /// while the lease is still held; nothing when it is not (then returns an empty optional).
  result<std::optional<recorded_outcome>> record(const claimed_send& send,
                                                 const send_outcome_record& outcome);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
