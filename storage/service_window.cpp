#include "storage/service_window.hpp"

namespace centralita::storage {

namespace {

// The last customer message is found backwards on the conversation's message index.
constexpr const char* window_sql = R"sql(
SELECT coalesce(a.provider = 'whatsapp_cloud', false),
       coalesce(last_in.at + interval '24 hours' > now(), false),
       rfc3339(last_in.at + interval '24 hours'), c.channel_account_id
FROM conversations c
LEFT JOIN channel_accounts a ON a.tenant_id = c.tenant_id AND a.id = c.channel_account_id
LEFT JOIN LATERAL (SELECT m.created_at AS at FROM messages m
                   WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                     AND m.direction = 'in'
                   ORDER BY m.id DESC LIMIT 1) last_in ON true
WHERE c.tenant_id = $1 AND c.id = $2
)sql";

}  // namespace

result<service_window> service_window_of(pg_connection& db, int64_t tenant_id,
                                         int64_t conversation_id) {
  auto r = db.exec_prepared("service_window", window_sql,
                            {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  service_window w;
  w.applies = r->boolean(0, 0);
  w.open = !w.applies || r->boolean(0, 1);
  if (w.applies && !r->is_null(0, 2)) w.closes_at = r->str(0, 2);
  if (!r->is_null(0, 3)) w.channel_account_id = r->i64(0, 3);
  return w;
}

error window_closed_error(const service_window& w) {
  std::string since = w.closes_at ? " (it closed at " + *w.closes_at + ")" : "";
  return make_error(errc::conflict,
                    "the customer last wrote more than 24 hours ago" + since +
                        ": WhatsApp takes only an approved template now",
                    "window_closed");
}

}  // namespace centralita::storage
