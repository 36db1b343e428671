#pragma once
// The automatic reply outside business hours (docs/architecture.md §Business hours): a new
// conversation written in while the tenant's calendar (its SLA business hours) is closed gets
// one reply saying when people will answer, once per customer and closed period, through the
// outbox. Off unless the tenant's settings say "service": {"away_enabled": true}.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/pg.hpp"
#include "storage/sla_policy.hpp"

namespace centralita::storage {

/// A customer message just stored.
struct stored_customer_message {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  int64_t message_id = 0;
};

/// The default text of the away reply in a language ("es" or "en"); {{next_open}} is replaced
/// by when business hours begin again.
const std::string& default_away_text(const std::string& language);

/// `text` with {{next_open}} replaced by `opens` written in the language, in local time
/// (`utc_offset_minutes` ahead of UTC), e.g. "lunes 8 de diciembre a las 09:00".
std::string fill_away_text(const std::string& text, const std::string& language, sys_time opens,
                           int utc_offset_minutes);

/// Writes away replies.
class away_reply_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit away_reply_repo(pg_connection& db) : db_(db) {}

  /// For the messages that opened their conversation (its first customer message), of
  /// tenants with away replies on and closed now: sends the away reply, each in its own
  /// transaction with its away_replies row. The replies queued.
  result<std::vector<enqueued_reply>> reply_to_new(
      const std::vector<stored_customer_message>& messages);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
