#pragma once
// The nodes of a cluster say they are alive (storage/migrations/047_conversation_order.sql): each
// renews its row every few seconds, and the events queued by a node whose row has lapsed are
// taken over by the others (actors/housekeeper.hpp, redispatch_orphaned).

#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

class cluster_node_repo {
 public:
  explicit cluster_node_repo(pg_connection& db) : db_(db) {}

  /// `node` is alive for `ttl_s` more seconds; rows lapsed for a day are forgotten. Returns the
  /// nodes alive, `node` included.
  result<int> heartbeat(const std::string& node, int ttl_s);
  /// `node` stops: its queued events are taken over at once.
  status leave(const std::string& node);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
