// The pacer of the message writers and autopilot shards (actors/batch_linger.hpp): a lone
// message starts its batch at once; while work keeps coming, batches start at most once per
// linger; an actor that is behind never waits.
#include <catch2/catch.hpp>

#include "actors/batch_linger.hpp"

using centralita::actors::batch_pacer;
using namespace std::chrono_literals;

TEST_CASE("the batch pacer starts batches at most once per linger while work keeps coming",
          "[actors]") {
  using clock = batch_pacer::clock;
  batch_pacer pacer;
  const auto t0 = clock::now();
  // The first work, and work after a quiet spell, start at once.
  CHECK(pacer.wait_before_batch(t0) == clock::duration::zero());
  // Work 10 ms after a batch started waits until the linger has passed since that start.
  CHECK(pacer.wait_before_batch(t0 + 10ms) == 40ms);
  // An actor whose batch took longer than the linger (it is behind) never waits.
  CHECK(pacer.wait_before_batch(t0 + 120ms) == clock::duration::zero());
  CHECK(pacer.wait_before_batch(t0 + 2s) == clock::duration::zero());
}
