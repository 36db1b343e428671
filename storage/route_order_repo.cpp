#include "storage/route_order_repo.hpp"

#include "common/log.hpp"

namespace centralita::storage {

namespace {

// pg_advisory_lock is volatile: it is evaluated row by row after the sort, in route order.
constexpr const char* lock_sql = R"sql(
SELECT pg_advisory_lock(r)
FROM (SELECT DISTINCT route_of(t, k) AS r FROM unnest($1::bigint[], $2::text[]) AS x(t, k)) s
ORDER BY r
)sql";

constexpr const char* queued_sql = R"sql(
WITH bounds AS (
  SELECT route_of(t, k) AS route, max(upto) AS upto
  FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS x(t, k, upto) GROUP BY 1
)
SELECT q.seq, q.seq = ANY($4::bigint[]) AS mine, e.event_id, e.tenant_id,
       COALESCE(e.channel_account_id, 0), e.provider, e.event_name, e.payload
FROM (SELECT q.seq, q.event_id FROM bounds b
      JOIN event_queue q ON q.route = b.route AND q.seq <= b.upto
      -- The batch's own events whatever their route (a replay queues one without it).
      UNION SELECT seq, event_id FROM event_queue WHERE seq = ANY($4::bigint[])) q
-- By key, one probe per queued event (a young database has no statistics to plan a join by).
LEFT JOIN LATERAL (
  SELECT * FROM event_log e
  WHERE NOT (q.seq = ANY($4::bigint[])) AND e.event_id = q.event_id AND e.status = 'accepted'
  LIMIT 1) e ON true
ORDER BY q.seq
)sql";

struct route_arrays {
  std::string tenants, keys, upto;
};

route_arrays arrays_of(const std::vector<route_bound>& routes) {
  std::vector<std::string> tenants, keys, upto;
  for (const auto& r : routes) {
    tenants.push_back(std::to_string(r.tenant_id));
    keys.push_back(r.key);
    upto.push_back(std::to_string(r.upto_seq));
  }
  return {text_array(tenants), text_array(keys), text_array(upto)};
}

}  // namespace

status route_order_repo::lock(const std::vector<route_bound>& routes) {
  auto a = arrays_of(routes);
  auto r = db_.exec_prepared("route_lock", lock_sql, {a.tenants, a.keys});
  if (!r) return r.error();
  return ok_status();
}

result<std::vector<queued_event>> route_order_repo::queued(const std::vector<route_bound>& routes,
                                                           const std::vector<int64_t>& mine) {
  auto a = arrays_of(routes);
  auto r =
      db_.exec_prepared("route_queued", queued_sql, {a.tenants, a.keys, a.upto, int_array(mine)});
  if (!r) return r.error();
  std::vector<queued_event> out;
  out.reserve(r->rows());
  for (int i = 0; i < r->rows(); ++i) {
    queued_event q;
    q.mine = r->boolean(i, 1);
    q.event.seq = r->i64(i, 0);
    if (!q.mine) {
      if (r->is_null(i, 2)) continue;  // no longer accepted: another writer just finished it
      q.event = {r->str(i, 2), q.event.seq,  r->i64(i, 3), r->i64(i, 4),
                 r->str(i, 5), r->str(i, 6), r->str(i, 7)};
    }
    out.push_back(std::move(q));
  }
  return out;
}

void route_order_repo::unlock() {
  if (auto r = db_.exec("SELECT pg_advisory_unlock_all()"); !r) {
    // A broken connection has released its locks with it.
    log::warn("process: route locks not released: {}", r.error().message);
  }
}

}  // namespace centralita::storage
