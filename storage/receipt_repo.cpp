#include "storage/receipt_repo.hpp"

#include "storage/message_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* find_sql = R"sql(
SELECT o.id, m.id, m.conversation_id, m.status, o.attempts
FROM outbox o JOIN messages m ON m.tenant_id = o.tenant_id AND m.id = o.message_id
WHERE o.tenant_id = $1 AND o.provider = $2 AND o.provider_message_id = $3
FOR UPDATE OF o, m
)sql";

constexpr const char* message_status_sql =
    "UPDATE messages SET status = $3 WHERE tenant_id = $1 AND id = $2";

constexpr const char* outbox_failed_sql =
    "UPDATE outbox SET status = 'failed', last_error = $3, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 AND status = 'sent'";

int rank(std::string_view status) {
  if (status == "queued") return 0;
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  return -1;  // failed, dead, received: not moved by a receipt
}

}  // namespace

bool receipt_moves(std::string_view from, std::string_view to) {
  if (to == "failed") return from == "queued" || from == "sent";
  return rank(from) >= 0 && rank(to) > rank(from);
}

result<std::vector<applied_receipt>> receipt_repo::apply(
    const std::vector<delivery_update>& updates) {
  return in_transaction(db_, [&]() -> result<std::vector<applied_receipt>> {
    std::vector<applied_receipt> applied;
    std::vector<std::string> event_ids;
    for (const auto& u : updates) {
      event_ids.push_back(u.event_id);
      const std::string tid = std::to_string(u.tenant_id);
      auto found =
          db_.exec_prepared("receipts_find", find_sql, {tid, u.provider, u.provider_message_id});
      if (!found) return found.error();
      if (found->rows() == 0 || !receipt_moves(found->str(0, 3), u.status)) continue;
      applied_receipt a{u.tenant_id,
                        found->i64(0, 1),
                        found->i64(0, 2),
                        found->i64(0, 0),
                        static_cast<int>(found->i64(0, 4)),
                        u.status,
                        {}};
      auto moved = db_.exec_prepared("receipts_message_status", message_status_sql,
                                     {tid, std::to_string(a.message_id), u.status});
      if (!moved) return moved.error();
      if (u.status == "failed") {
        a.error = "delivery failed" + (u.error.empty() ? std::string{} : ": " + u.error);
        auto o = db_.exec_prepared("receipts_outbox_failed", outbox_failed_sql,
                                   {tid, std::to_string(a.outbox_id), a.error});
        if (!o) return o.error();
      }
      applied.push_back(std::move(a));
    }
    if (auto s = message_repo{db_}.mark_processed(event_ids); !s) return s.error();
    return applied;
  });
}

}  // namespace centralita::storage
