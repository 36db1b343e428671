// The pacer of the message writers, autopilot shards and event buses (actors/batch_linger.hpp):
// a lone message starts its batch at once; while work keeps coming, batches start at most once
// per linger; an actor that is behind never waits; in a busy cluster the linger stretches with
// the nodes, and only while work comes fast enough to fill the stretched batches.
#include <catch2/catch.hpp>

#include "actors/batch_linger.hpp"

using centralita::actors::batch_pacer;
using namespace std::chrono_literals;
using clock_type = batch_pacer::clock;

namespace {

// Tells the pacer that batches of `items` started every `every`, `n` times from `t`.
clock_type::time_point feed(batch_pacer& pacer, clock_type::time_point t, size_t items,
                            clock_type::duration every, int n) {
  for (int i = 0; i < n; ++i) pacer.batch_started(items, t += every);
  return t;
}

}  // namespace

TEST_CASE("the batch pacer starts batches at most once per linger while work keeps coming",
          "[actors]") {
  batch_pacer pacer;
  const auto t0 = clock_type::now();
  // The first work, and work after a quiet spell, start at once.
  CHECK(pacer.wait_before_batch(t0) == clock_type::duration::zero());
  // Work 10 ms after a batch started waits until the linger has passed since that start.
  CHECK(pacer.wait_before_batch(t0 + 10ms) == 40ms);
  // An actor whose batch took longer than the linger (it is behind) never waits.
  CHECK(pacer.wait_before_batch(t0 + 120ms) == clock_type::duration::zero());
  CHECK(pacer.wait_before_batch(t0 + 2s) == clock_type::duration::zero());
}

TEST_CASE("the batch pacer stretches its linger with the nodes only while work comes fast",
          "[actors]") {
  batch_pacer pacer;
  auto t = clock_type::now();
  // One node never stretches, however fast the work.
  t = feed(pacer, t, 10, 50ms, 20);  // 200 items per second
  CHECK(pacer.linger_for(1) == 50ms);
  // Three nodes: a stretched batch would gather 30 items, so the linger is three lingers...
  CHECK(pacer.linger_for(3) == 150ms);
  CHECK(pacer.wait_before_batch(t + 1ms, 3) == clock_type::duration::zero());
  CHECK(pacer.wait_before_batch(t + 11ms, 3) == 140ms);
  // ...and stops stretching at max_lingering_nodes.
  CHECK(pacer.linger_for(9) == 200ms);

  // Work at 30 items per second (4.5 per stretched linger) stretches too.
  batch_pacer moderate;
  feed(moderate, clock_type::now(), 1, 33ms, 40);
  CHECK(moderate.linger_for(3) == 150ms);

  // Sparse work (one item per 100 ms: 1.5 items per stretched linger) keeps one node's linger.
  batch_pacer sparse;
  auto s = feed(sparse, clock_type::now(), 1, 100ms, 20);
  CHECK(sparse.linger_for(3) == 50ms);
  CHECK(sparse.wait_before_batch(s, 3) == clock_type::duration::zero());
  CHECK(sparse.wait_before_batch(s + 10ms, 3) == 40ms);
}

TEST_CASE("the batch pacer is not fooled by a batch that starts just after another", "[actors]") {
  // Ten items per second, in pairs: one batch 1 ms after the previous, then 199 ms of nothing.
  // Averaging items per second over batches would read 500 per second.
  batch_pacer pacer;
  auto t = clock_type::now();
  for (int i = 0; i < 20; ++i) {
    pacer.batch_started(1, t += 1ms);
    pacer.batch_started(1, t += 199ms);
  }
  CHECK(pacer.linger_for(3) == 50ms);
}

TEST_CASE("the batch pacer follows the rate down after a quiet spell", "[actors]") {
  batch_pacer pacer;
  auto t = feed(pacer, clock_type::now(), 10, 50ms, 20);
  REQUIRE(pacer.linger_for(3) == 150ms);
  // A lone item two seconds later: the rate is taken afresh, not smoothed from the busy spell.
  pacer.batch_started(1, t + 2s);
  CHECK(pacer.linger_for(3) == 50ms);
}

TEST_CASE("a pacer with no linger never waits", "[actors]") {
  batch_pacer pacer{clock_type::duration::zero()};
  auto t = feed(pacer, clock_type::now(), 50, 10ms, 10);
  CHECK(pacer.wait_before_batch(t, 3) == clock_type::duration::zero());
  CHECK(pacer.wait_before_batch(t + 1ms, 3) == clock_type::duration::zero());
}
