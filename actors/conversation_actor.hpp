#pragma once
// One actor per live conversation: its events are stored strictly in order, one batch at a
// time, by the message writer of its shard. Its state is a cache of the database (which holds
// the truth), so a restarted actor simply carries on from the log.

#include <caf/all.hpp>

#include <deque>
#include <memory>
#include <string>

#include "actors/context.hpp"
#include "actors/messages.hpp"

namespace centralita::actors {

/// Events waiting and in flight.
struct conversation_state {
  std::shared_ptr<node_context> ctx;
  std::string key;
  caf::actor tenant;
  std::deque<accepted_event> queue;  ///< the first `in_flight` are being stored
  size_t in_flight = 0;
  uint64_t received = 0;
  int failures = 0;  ///< consecutive failed attempts, for the backoff
};

/// Most events sent to the writer in one request.
inline constexpr size_t conversation_batch_max = 64;

caf::behavior conversation_actor(caf::stateful_actor<conversation_state>* self,
                                 std::shared_ptr<node_context> ctx, std::string key,
                                 caf::actor tenant);

}  // namespace centralita::actors
