#include "storage/live_event_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// One round trip per batch: takes each tenant's numbers from its counter row (locked until the
// commit, in tenant order so that two nodes' batches never wait on each other in a cycle),
// stores each tenant's events as one row under them, in batch order, and NOTIFYs the other
// nodes, which the commit releases. One row per tenant: its highest seq now and how many of this
// batch it took.
constexpr const char* store_sql =
    "WITH ev AS (SELECT t, ty, d, ord FROM unnest($1::bigint[], $2::text[], $3::text[]) "
    "  WITH ORDINALITY AS u(t, ty, d, ord)), "
    "counts AS (SELECT t, count(*) AS n FROM ev GROUP BY t), "
    "taken AS (INSERT INTO live_event_counters AS c (tenant_id, last_seq) "
    "  SELECT t, n FROM counts ORDER BY t "
    "  ON CONFLICT (tenant_id) DO UPDATE SET last_seq = c.last_seq + EXCLUDED.last_seq "
    "  RETURNING tenant_id, last_seq), "
    "stored AS (INSERT INTO live_event_batches (tenant_id, first_seq, last_seq, types, data) "
    "  SELECT ev.t, taken.last_seq - counts.n + 1, taken.last_seq, array_agg(ev.ty ORDER BY "
    "ev.ord), array_agg(ev.d ORDER BY ev.ord) "
    "  FROM ev JOIN counts USING (t) JOIN taken ON taken.tenant_id = ev.t "
    "  GROUP BY ev.t, taken.last_seq, counts.n) "
    "SELECT taken.tenant_id, taken.last_seq, counts.n, "
    "  pg_notify('centralita_live', taken.tenant_id || ' ' || taken.last_seq) "
    "FROM taken JOIN counts ON counts.t = taken.tenant_id";

constexpr const char* after_sql =
    "SELECT b.tenant_id, b.first_seq + u.n - 1 AS seq, u.type, u.data "
    "FROM live_event_batches b "
    "CROSS JOIN LATERAL unnest(b.types, b.data) WITH ORDINALITY AS u(type, data, n) "
    "WHERE b.tenant_id = $1 AND b.last_seq > $2 AND b.first_seq + u.n - 1 > $2 "
    "ORDER BY b.last_seq, u.n LIMIT $3";

stored_live_event read_event(const pg_result& r, int i) {
  return stored_live_event{r.i64(i, 1), {r.i64(i, 0), r.str(i, 2), r.str(i, 3)}};
}

}  // namespace

const char* const live_counters_sql = "SELECT tenant_id, last_seq FROM live_event_counters";

const char* const live_read_back_sql =
    "SELECT b.tenant_id, b.first_seq + u.n - 1 AS seq, u.type, u.data "
    "FROM unnest($1::bigint[], $2::bigint[]) AS w(t, after) "
    "JOIN live_event_batches b ON b.tenant_id = w.t AND b.last_seq > w.after "
    "CROSS JOIN LATERAL unnest(b.types, b.data) WITH ORDINALITY AS u(type, data, n) "
    "WHERE b.first_seq + u.n - 1 > w.after "
    "ORDER BY b.tenant_id, b.last_seq, u.n LIMIT $3";

status notify_presence(pg_connection& db, const std::string& payload) {
  auto r = db.exec("SELECT pg_notify($1, $2)", {std::string{presence_channel}, payload});
  if (!r) return r.error();
  return ok_status();
}

result<std::vector<live_numbers>> live_event_repo::store(
    const std::vector<live_event_row>& events) {
  std::vector<std::string> tenants, types, datas;
  for (const auto& ev : events) {
    tenants.push_back(std::to_string(ev.tenant_id));
    types.push_back(ev.type);
    datas.push_back(ev.data_json);
  }
  return read_rows(db_.exec_prepared("live_events_store", store_sql,
                                     {text_array(tenants), text_array(types), text_array(datas)}),
                   [](const pg_result& r, int i) {
                     return live_numbers{r.i64(i, 0), r.i64(i, 1), r.i64(i, 2)};
                   });
}

status live_event_repo::prune(int64_t tenant_id, int64_t keep_from) {
  auto r = db_.exec("DELETE FROM live_event_batches WHERE tenant_id = $1 AND last_seq < $2",
                    {std::to_string(tenant_id), std::to_string(keep_from)});
  if (!r) return r.error();
  return ok_status();
}

result<std::vector<stored_live_event>> live_event_repo::after(int64_t tenant_id, int64_t after_seq,
                                                              int limit) {
  return read_rows(db_.exec(after_sql, {std::to_string(tenant_id), std::to_string(after_seq),
                                        std::to_string(limit)}),
                   read_event);
}

}  // namespace centralita::storage
