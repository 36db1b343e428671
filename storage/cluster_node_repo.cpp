#include "storage/cluster_node_repo.hpp"

namespace centralita::storage {

namespace {

constexpr const char* heartbeat_sql = R"sql(
WITH gone AS (DELETE FROM cluster_nodes WHERE alive_until < now() - interval '1 day')
INSERT INTO cluster_nodes (node, alive_until) VALUES ($1, now() + make_interval(secs => $2::int))
ON CONFLICT (node) DO UPDATE SET alive_until = EXCLUDED.alive_until
RETURNING 1 + (SELECT count(*) FROM cluster_nodes WHERE node <> $1 AND alive_until > now())
)sql";

}  // namespace

result<int> cluster_node_repo::heartbeat(const std::string& node, int ttl_s) {
  auto r = db_.exec_prepared("node_heartbeat", heartbeat_sql, {node, std::to_string(ttl_s)});
  if (!r) return r.error();
  return static_cast<int>(r->i64(0, 0));
}

status cluster_node_repo::leave(const std::string& node) {
  auto r = db_.exec("DELETE FROM cluster_nodes WHERE node = $1", {node});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
