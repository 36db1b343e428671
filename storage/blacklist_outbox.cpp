#include "storage/blacklist_outbox.hpp"

#include <string>

namespace centralita::storage {

namespace {

constexpr const char* insert_sql =
    "INSERT INTO outbox (tenant_id, kind, conversation_id, provider, channel_account_id, payload) "
    "SELECT c.tenant_id, 'blacklist', c.id, a.provider, a.id, "
    " jsonb_build_object('number', u.phone, 'intent', $3::text) "
    "FROM conversations c "
    "JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id "
    "JOIN channel_accounts a ON a.tenant_id = c.tenant_id AND a.id = c.channel_account_id "
    "WHERE c.tenant_id = $1 AND c.id = $2 AND a.provider = 'builderbot' "
    "RETURNING id";

}  // namespace

result<std::optional<int64_t>> enqueue_blacklist(pg_connection& db, int64_t tenant_id,
                                                 int64_t conversation_id, bool bot_active) {
  auto r = db.exec_prepared("outbox_blacklist", insert_sql,
                            {std::to_string(tenant_id), std::to_string(conversation_id),
                             std::string{bot_active ? "remove" : "add"}});
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<int64_t>{};
  return std::optional<int64_t>{r->i64(0, 0)};
}

}  // namespace centralita::storage
