#include "storage/customer_history.hpp"

#include "storage/record_filter.hpp"

namespace centralita::storage {

namespace {

constexpr const char* conversations_sql = R"sql(
SELECT v.id, v.status, v.assignee_id, rfc3339(v.last_message_at), rfc3339(v.created_at),
       (SELECT m.body FROM messages m WHERE m.tenant_id = v.tenant_id AND m.conversation_id = v.id
        ORDER BY m.id DESC LIMIT 1),
       r.rating
FROM conversations v
LEFT JOIN csat_ratings r ON r.tenant_id = v.tenant_id AND r.conversation_id = v.id
WHERE v.tenant_id = $1 AND v.customer_id = $2
ORDER BY v.id DESC LIMIT $3
)sql";

constexpr const char* tickets_sql = R"sql(
SELECT id, subject, status, priority, category, rfc3339(created_at)
FROM tickets WHERE tenant_id = $1 AND customer_id = $2
ORDER BY id DESC LIMIT $3
)sql";

}  // namespace

result<std::vector<customer_conversation>> customer_history::conversations(int64_t tenant_id,
                                                                           int64_t customer_id,
                                                                           int limit) {
  auto r = db_.exec(conversations_sql, {std::to_string(tenant_id), std::to_string(customer_id),
                                        std::to_string(limit)});
  if (!r) return r.error();
  std::vector<customer_conversation> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back({r->i64(i, 0), r->str(i, 1), nullable_int(*r, i, 2), nullable_text(*r, i, 3),
                   r->str(i, 4), nullable_text(*r, i, 5), nullable_int(*r, i, 6)});
  }
  return out;
}

result<std::vector<customer_ticket>> customer_history::tickets(int64_t tenant_id,
                                                               int64_t customer_id, int limit) {
  auto r = db_.exec(
      tickets_sql, {std::to_string(tenant_id), std::to_string(customer_id), std::to_string(limit)});
  if (!r) return r.error();
  std::vector<customer_ticket> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back({r->i64(i, 0), r->str(i, 1), r->str(i, 2), r->str(i, 3), nullable_text(*r, i, 4),
                   r->str(i, 5)});
  }
  return out;
}

}  // namespace centralita::storage
