// The pacer of the message writers and autopilot shards (actors/batch_linger.hpp): a lone
// message starts its batch at once; while work keeps coming, a batch waits for more.
#include <catch2/catch.hpp>

#include "actors/batch_linger.hpp"

using centralita::actors::batch_linger;
using centralita::actors::batch_pacer;
using namespace std::chrono_literals;

TEST_CASE("the batch pacer holds a batch only while work keeps coming", "[actors]") {
  batch_pacer pacer;
  const auto t0 = batch_pacer::clock::now();
  // The first work, and work after a quiet spell, start at once.
  CHECK(pacer.wait_before_batch(t0) == batch_pacer::clock::duration::zero());
  // Work soon after the previous batch waits the linger for company.
  CHECK(pacer.wait_before_batch(t0 + 30ms) == batch_linger);
  CHECK(pacer.wait_before_batch(t0 + 120ms) == batch_linger);
  CHECK(pacer.wait_before_batch(t0 + 2s) == batch_pacer::clock::duration::zero());
}
