#pragma once
// Per-conversation order across the nodes of a cluster (docs/architecture.md, "Cluster"): the
// events of one route (a tenant and the key that orders its processing: a customer's phone, a
// call, a shipment) are processed under a session advisory lock on the route, oldest first,
// whichever node accepted them. The message writer locks its batch's routes, reads what is still
// queued on them up to the batch's last event (its own events, and the earlier ones other nodes
// accepted, which it catches up first), and releases the locks when it is done.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A route of a batch, up to the batch's last event on it.
struct route_bound {
  int64_t tenant_id = 0;
  std::string key;
  int64_t upto_seq = 0;
};

/// An event still queued on a locked route: one of the batch's (`mine`, only its seq is read),
/// or one another node accepted, read whole.
struct queued_event {
  bool mine = false;
  pending_event event;
};

class route_order_repo {
 public:
  explicit route_order_repo(pg_connection& db) : db_(db) {}

  /// Waits for the routes' locks, in route order, so that no two writers wait in a cycle.
  status lock(const std::vector<route_bound>& routes);
  /// The routes' queued events up to each bound, oldest first; `mine` lists the batch's seqs.
  /// An event of the batch missing from the answer was processed elsewhere meanwhile.
  result<std::vector<queued_event>> queued(const std::vector<route_bound>& routes,
                                           const std::vector<int64_t>& mine);
  /// Releases every route lock this connection holds.
  void unlock();

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
