#include "storage/customer_merge.hpp"

#include "common/json_text.hpp"

namespace centralita::storage {

namespace {

// Both rows locked in id order, like every multi-row lock, so two merges never deadlock.
constexpr const char* lock_pair_sql =
    "SELECT id FROM customers WHERE tenant_id = $1 AND id IN ($2, $3) "
    "AND merged_into_id IS NULL ORDER BY id FOR UPDATE";

// One open conversation per customer: the merged customer's gives way when both have one.
constexpr const char* resolve_open_sql = R"sql(
UPDATE conversations f SET status = 'resolved', updated_at = now()
WHERE f.tenant_id = $1 AND f.customer_id = $3 AND f.status IN ('open', 'pending')
  AND EXISTS (SELECT 1 FROM conversations k WHERE k.tenant_id = $1 AND k.customer_id = $2
              AND k.status IN ('open', 'pending'))
RETURNING f.id, f.status
)sql";

constexpr const char* audit_resolved_sql = R"sql(
INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action,
                       before, after)
VALUES ($1, $2, $3, 'conversation', $4, 'conversation.updated', '{"status":"open"}'::jsonb,
        '{"status":"resolved","reason":"customer merged"}'::jsonb)
)sql";

// Statement texts may not be built from table names at run time (no SQL by concatenation):
// one constant per table, in customer_tables() order.
constexpr const char* move_sql[] = {
    "UPDATE conversations SET customer_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE tickets SET customer_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE call_sessions SET customer_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE shipments SET customer_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE invoices SET customer_id = $2 WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE quotes SET customer_id = $2 WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE csat_ratings SET customer_id = $2 WHERE tenant_id = $1 AND customer_id = $3",
    "UPDATE away_replies SET customer_id = $2 WHERE tenant_id = $1 AND customer_id = $3",
    // Customers merged earlier into the merged one now lead to the kept one: one hop always.
    "UPDATE customers SET merged_into_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND merged_into_id = $3",
};

constexpr const char* absorb_sql = R"sql(
UPDATE customers k SET
  name = CASE WHEN k.name = '' THEN f.name ELSE k.name END,
  email = COALESCE(k.email, f.email),
  language = COALESCE(k.language, f.language),
  notes = left(CASE WHEN f.notes = '' THEN k.notes
                    WHEN k.notes = '' THEN f.notes
                    ELSE k.notes || E'\n\n' || f.notes END, 4000),
  attributes = f.attributes || k.attributes,
  updated_at = now()
FROM customers f
WHERE k.tenant_id = $1 AND k.id = $2 AND f.tenant_id = $1 AND f.id = $3
)sql";

constexpr const char* tombstone_sql =
    "UPDATE customers SET merged_into_id = $2, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $3";

std::string moved_json(const merge_outcome& out) {
  std::string j = "{";
  for (const auto& [table, rows] : out.moved) {
    if (j.size() > 1) j += ',';
    j += json_string(table) + ":" + std::to_string(rows);
  }
  return j + "}";
}

}  // namespace

const std::vector<std::string>& customer_tables() {
  static const std::vector<std::string> tables{"conversations", "tickets",      "call_sessions",
                                               "shipments",     "invoices",     "quotes",
                                               "csat_ratings",  "away_replies", "customers"};
  return tables;
}

result<merge_outcome> merge_customers(pg_connection& db, int64_t tenant_id, int64_t into,
                                      int64_t from, const actor& who) {
  if (into == from) {
    return make_error(errc::unprocessable, "from: a customer cannot be merged into itself",
                      "invalid_value");
  }
  return in_transaction(db, [&]() -> result<merge_outcome> {
    const std::string tid = std::to_string(tenant_id), kid = std::to_string(into),
                      fid = std::to_string(from);
    auto locked = db.exec(lock_pair_sql, {tid, kid, fid});
    if (!locked) return locked.error();
    if (locked->rows() != 2) {
      return make_error(errc::not_found, "no such customer (or already merged)",
                        "customer_not_found");
    }
    customer_repo customers{db};
    auto kept_before = customers.find(tenant_id, into);
    if (!kept_before) return kept_before.error();
    auto merged_before = customers.find(tenant_id, from);
    if (!merged_before) return merged_before.error();

    merge_outcome out;
    auto resolved = db.exec(resolve_open_sql, {tid, kid, fid});
    if (!resolved) return resolved.error();
    if (resolved->rows() > 0) {
      out.resolved_conversation_id = resolved->i64(0, 0);
      param user;
      if (who.user_id) user = std::to_string(*who.user_id);
      auto a = db.exec(audit_resolved_sql,
                       {tid, who.type, user, std::to_string(out.resolved_conversation_id)});
      if (!a) return a.error();
    }
    const auto& tables = customer_tables();
    for (size_t i = 0; i < tables.size(); ++i) {
      auto r = db.exec(move_sql[i], {tid, kid, fid});
      if (!r) return r.error();
      out.moved.emplace_back(tables[i], r->affected());
    }
    if (auto r = db.exec(absorb_sql, {tid, kid, fid}); !r) return r.error();
    if (auto r = db.exec(tombstone_sql, {tid, kid, fid}); !r) return r.error();

    auto kept_after = customers.find(tenant_id, into);
    if (!kept_after) return kept_after.error();
    auto merged_after = customers.find(tenant_id, from);
    if (!merged_after) return merged_after.error();
    audit_entry entry{tenant_id,
                      who,
                      "customer",
                      kid,
                      "customer.merged",
                      "{\"into\":" + customer_audit_json(*kept_before) +
                          ",\"from\":" + customer_audit_json(*merged_before) + "}",
                      "{\"into\":" + customer_audit_json(*kept_after) +
                          ",\"from\":" + customer_audit_json(*merged_after) +
                          ",\"moved\":" + moved_json(out) + "}"};
    if (auto s = audit_repo{db}.append(entry); !s) return s.error();
    out.into = std::move(*kept_after);
    return out;
  });
}

}  // namespace centralita::storage
