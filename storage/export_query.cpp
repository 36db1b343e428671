#include "storage/export_query.hpp"

namespace centralita::storage {

namespace {

// $1 tenant, $2 after id, $3 first day, $4 last day (UTC, both included), $5 limit; the id
// is always the first column.
constexpr const char* conversations_sql =
    "SELECT c.id, c.status, cu.name, cu.phone, u.name, c.channel_account_id, "
    " (SELECT string_agg(l.name, ';' ORDER BY lower(l.name)) FROM conversation_labels cl "
    "  JOIN labels l ON l.tenant_id = cl.tenant_id AND l.id = cl.label_id "
    "  WHERE cl.tenant_id = c.tenant_id AND cl.conversation_id = c.id), "
    " rfc3339(c.created_at), rfc3339(c.last_message_at), rfc3339(c.first_responded_at) "
    "FROM conversations c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = "
    "c.customer_id "
    "LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.assignee_id "
    "WHERE c.tenant_id = $1 AND c.id > $2 AND c.created_at >= ($3::date::timestamp AT TIME ZONE "
    "'UTC') "
    " AND c.created_at < (($4::date + 1)::timestamp AT TIME ZONE 'UTC') ORDER BY c.id LIMIT $5";

constexpr const char* tickets_sql =
    "SELECT t.id, t.subject, t.status, t.priority, t.category, cu.name, u.name, "
    " t.conversation_id, rfc3339(t.created_at), rfc3339(t.resolved_at), rfc3339(t.closed_at) "
    "FROM tickets t LEFT JOIN customers cu ON cu.tenant_id = t.tenant_id AND cu.id = t.customer_id "
    "LEFT JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.assignee_id "
    "WHERE t.tenant_id = $1 AND t.id > $2 AND t.created_at >= ($3::date::timestamp AT TIME ZONE "
    "'UTC') "
    " AND t.created_at < (($4::date + 1)::timestamp AT TIME ZONE 'UTC') ORDER BY t.id LIMIT $5";

constexpr const char* messages_sql =
    "SELECT m.id, m.conversation_id, m.direction, m.sender_type, u.name, m.body, m.status, "
    " rfc3339(m.created_at) "
    "FROM messages m LEFT JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.sender_user_id "
    "WHERE m.tenant_id = $1 AND m.id > $2 AND m.created_at >= ($3::date::timestamp AT TIME ZONE "
    "'UTC') "
    " AND m.created_at < (($4::date + 1)::timestamp AT TIME ZONE 'UTC') ORDER BY m.id LIMIT $5";

const char* sql_of(std::string_view kind) {
  if (kind == "conversations") return conversations_sql;
  if (kind == "tickets") return tickets_sql;
  if (kind == "messages") return messages_sql;
  return nullptr;
}

}  // namespace

bool is_export_kind(std::string_view kind) {
  return kind == "conversations" || kind == "tickets" || kind == "messages" || kind == "csat";
}

std::vector<std::string> export_columns(std::string_view kind) {
  if (kind == "conversations") {
    return {"id",
            "status",
            "customer_name",
            "customer_phone",
            "assignee",
            "channel_account_id",
            "labels",
            "created_at",
            "last_message_at",
            "first_responded_at"};
  }
  if (kind == "tickets") {
    return {"id",       "subject",         "status",     "priority",    "category", "customer_name",
            "assignee", "conversation_id", "created_at", "resolved_at", "closed_at"};
  }
  if (kind == "messages") {
    return {"id",   "conversation_id", "direction", "sender_type", "sender",
            "text", "status",          "created_at"};
  }
  return {"id", "conversation_id", "customer_name", "agent", "rating", "comment", "created_at"};
}

result<export_page> export_query::page(std::string_view kind, const export_range& range) {
  export_page out;
  const char* sql = sql_of(kind);
  if (sql == nullptr) return out;
  auto r = db_.exec(sql, {std::to_string(range.tenant_id), std::to_string(range.after_id),
                          range.from, range.to, std::to_string(range.limit)});
  if (!r) return r.error();
  const int columns = PQnfields(r->raw());
  out.rows.reserve(static_cast<size_t>(r->rows()));
  for (int row = 0; row < r->rows(); ++row) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<size_t>(columns));
    for (int col = 0; col < columns; ++col) {
      if (r->is_null(row, col)) {
        cells.emplace_back(std::nullopt);
      } else {
        cells.emplace_back(r->str(row, col));
      }
    }
    out.rows.push_back(std::move(cells));
    out.last_id = r->i64(row, 0);
  }
  return out;
}

}  // namespace centralita::storage
