#include "storage/event_log_repo.hpp"

#include <unordered_map>

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// Claims each key (or takes over an expired body-hash key) and logs the events that won, in
// one statement: concurrent writers and other server processes meet at the primary key.
constexpr const char* record_sql = R"sql(
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                       $6::text[], $7::boolean[], $8::text[], $9::boolean[], $11::text[])
    WITH ORDINALITY AS t(event_id, tenant_id, account_id, provider, event_name, idem_key,
                         expires, payload, ignored, route_key, ord)
), claimed AS (
  INSERT INTO idempotency_keys (tenant_id, key, event_id, expires_at)
  SELECT tenant_id, idem_key, event_id,
         CASE WHEN expires THEN now() + make_interval(secs => $10::int) END
  -- In key order, as every writer of every process does: two batches holding the same keys
  -- then never wait for each other in a cycle (a deadlock, answered 503).
  FROM input ORDER BY tenant_id, idem_key
  ON CONFLICT (tenant_id, key) DO UPDATE
    SET event_id = EXCLUDED.event_id, expires_at = EXCLUDED.expires_at
    WHERE idempotency_keys.expires_at IS NOT NULL AND idempotency_keys.expires_at < now()
  RETURNING event_id
), logged AS (
  INSERT INTO event_log (event_id, tenant_id, channel_account_id, provider, event_name,
                         idempotency_key, payload, status)
  SELECT i.event_id, i.tenant_id, i.account_id, i.provider, i.event_name, i.idem_key, i.payload,
         CASE WHEN i.ignored THEN 'ignored' ELSE 'accepted' END
  FROM input i JOIN claimed c ON c.event_id = i.event_id
  ORDER BY i.ord
  RETURNING event_id, seq, status
), queued AS (
  INSERT INTO event_queue (seq, event_id, route, node)
  SELECT l.seq, l.event_id, route_of(i.tenant_id, i.route_key), $12
  FROM logged l JOIN input i ON i.event_id = l.event_id WHERE l.status = 'accepted'
)
SELECT event_id, seq FROM logged
)sql";

constexpr const char* suppressed_sql = R"sql(
INSERT INTO event_log (event_id, tenant_id, channel_account_id, provider, event_name,
                       idempotency_key, payload, status, last_error, duplicate_of,
                       processed_at)
SELECT event_id, tenant_id, account_id, provider, event_name, idem_key, payload, 'duplicate',
       'the same body from the same sender within ' || $8::int || ' s of event ' || dup::text
         || ': suppressed as a retry',
       dup, now()
FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[],
            $7::text[], $9::uuid[])
  AS t(event_id, tenant_id, account_id, provider, event_name, idem_key, payload, dup)
ON CONFLICT (event_id) DO NOTHING
)sql";

constexpr const char* existing_sql = R"sql(
SELECT k.tenant_id, k.key, k.event_id
FROM idempotency_keys k
JOIN unnest($1::bigint[], $2::text[]) AS t(tenant_id, key)
  ON k.tenant_id = t.tenant_id AND k.key = t.key
)sql";

constexpr const char* unprocessed_sql = R"sql(
SELECT e.event_id, e.seq, e.tenant_id, COALESCE(e.channel_account_id, 0), e.provider,
       e.event_name, e.payload
FROM event_queue q JOIN event_log e ON e.event_id = q.event_id
WHERE q.seq > $1 AND e.status = 'accepted'
  AND e.received_at <= now() - make_interval(secs => $3::int)
ORDER BY q.seq
LIMIT $2
)sql";

// Events queued by a node that is no longer alive (its cluster_nodes row lapsed or is gone).
constexpr const char* orphaned_sql = R"sql(
SELECT e.event_id, e.seq, e.tenant_id, COALESCE(e.channel_account_id, 0), e.provider,
       e.event_name, e.payload
FROM event_queue q JOIN event_log e ON e.event_id = q.event_id
WHERE q.seq > $1 AND e.status = 'accepted' AND q.node NOT IN ('', $3)
  AND NOT EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node = q.node AND n.alive_until > now())
ORDER BY q.seq
LIMIT $2
)sql";

constexpr const char* mark_failed_sql = R"sql(
WITH failed AS (
  UPDATE event_log SET status = 'failed', last_error = $2, attempts = attempts + 1
  WHERE event_id = $1 AND status = 'accepted'
  RETURNING seq
)
DELETE FROM event_queue WHERE seq IN (SELECT seq FROM failed)
)sql";

// A row of unprocessed_sql or orphaned_sql: the event as the log holds it.
pending_event read_pending(const pg_result& r, int row) {
  pending_event e;
  read_columns(r, row, e.event_id, e.seq, e.tenant_id, e.account_id, e.provider, e.event_name,
               e.payload);
  return e;
}

std::string key_of(int64_t tenant_id, const std::string& key) {
  return std::to_string(tenant_id) + '\x1f' + key;
}

}  // namespace

result<std::vector<ingest_decision>> event_log_repo::record_batch(
    const std::vector<ingest_row>& rows, int window_s, const std::string& node) {
  // The first row of each key goes to the database; repeats within the batch follow it.
  std::unordered_map<std::string, size_t> first_of_key;
  std::vector<size_t> leader(rows.size());
  std::vector<std::string> ids, tenants, accounts, providers, names, keys, expires, payloads,
      ignored, routes;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto [it, fresh] = first_of_key.emplace(key_of(r.tenant_id, r.idempotency_key), i);
    leader[i] = it->second;
    if (!fresh) continue;
    ids.push_back(r.event_id);
    tenants.push_back(std::to_string(r.tenant_id));
    accounts.push_back(std::to_string(r.account_id));
    providers.push_back(r.provider);
    names.push_back(r.event_name);
    keys.push_back(r.idempotency_key);
    expires.push_back(r.key_expires ? "t" : "f");
    payloads.push_back(r.payload);
    ignored.push_back(r.ignored ? "t" : "f");
    routes.push_back(r.route_key);
  }
  auto inserted = db_.exec_prepared(
      "event_log_record", record_sql,
      {text_array(ids), text_array(tenants), text_array(accounts), text_array(providers),
       text_array(names), text_array(keys), text_array(expires), text_array(payloads),
       text_array(ignored), std::to_string(window_s), text_array(routes), node});
  if (!inserted) return inserted.error();

  std::unordered_map<std::string, int64_t> new_seq;
  for (int i = 0; i < inserted->rows(); ++i) new_seq[inserted->str(i, 0)] = inserted->i64(i, 1);

  // Keys that were already taken: find the event that holds them.
  std::unordered_map<std::string, std::string> holder;
  if (static_cast<size_t>(inserted->rows()) < ids.size()) {
    std::vector<std::string> dup_tenants, dup_keys;
    for (size_t j = 0; j < ids.size(); ++j) {
      if (!new_seq.count(ids[j])) {
        dup_tenants.push_back(tenants[j]);
        dup_keys.push_back(keys[j]);
      }
    }
    auto found = db_.exec_prepared("event_log_existing", existing_sql,
                                   {text_array(dup_tenants), text_array(dup_keys)});
    if (!found) return found.error();
    for (int i = 0; i < found->rows(); ++i) {
      holder[key_of(found->i64(i, 0), found->str(i, 1))] = found->str(i, 2);
    }
  }

  std::vector<ingest_decision> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& lead = rows[leader[i]];
    auto seq = new_seq.find(lead.event_id);
    bool lead_is_new = seq != new_seq.end();
    if (leader[i] == i && lead_is_new) {
      out[i] = {true, lead.event_id, seq->second};
    } else if (lead_is_new) {
      out[i] = {false, lead.event_id, 0};
    } else {
      out[i] = {false, holder[key_of(lead.tenant_id, lead.idempotency_key)], 0};
    }
  }
  return out;
}

status event_log_repo::record_suppressed(const std::vector<suppressed_row>& rows, int window_s) {
  if (rows.empty()) return ok_status();
  std::vector<std::string> ids, tenants, accounts, providers, names, keys, payloads, of;
  for (const auto& s : rows) {
    ids.push_back(s.row.event_id);
    tenants.push_back(std::to_string(s.row.tenant_id));
    accounts.push_back(std::to_string(s.row.account_id));
    providers.push_back(s.row.provider);
    names.push_back(s.row.event_name);
    keys.push_back(s.row.idempotency_key);
    payloads.push_back(s.row.payload);
    of.push_back(s.duplicate_of);
  }
  auto r = db_.exec_prepared("event_log_suppressed", suppressed_sql,
                             {text_array(ids), text_array(tenants), text_array(accounts),
                              text_array(providers), text_array(names), text_array(keys),
                              text_array(payloads), std::to_string(window_s), text_array(of)});
  if (!r) return r.error();
  return ok_status();
}

result<std::vector<pending_event>> event_log_repo::unprocessed(int64_t after_seq, int limit,
                                                               int min_age_s) {
  return read_rows(db_.exec(unprocessed_sql, {std::to_string(after_seq), std::to_string(limit),
                                              std::to_string(min_age_s)}),
                   read_pending);
}

result<std::vector<pending_event>> event_log_repo::orphaned(int64_t after_seq, int limit,
                                                            const std::string& self_node) {
  return read_rows(
      db_.exec(orphaned_sql, {std::to_string(after_seq), std::to_string(limit), self_node}),
      read_pending);
}

status event_log_repo::mark_failed(const std::string& event_id, const std::string& reason) {
  auto r = db_.exec(mark_failed_sql, {event_id, reason});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
