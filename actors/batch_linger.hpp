#pragma once
// When an idle message writer, autopilot shard or event bus starts its next batch. Each batch
// costs its statements once, whatever its size, so while work keeps coming (the previous batch
// started less than two lingers ago) batches start at most once per linger, and what arrives
// meanwhile joins the next one: at 300 messages/s, 50 ms instead of 10 ms cut the statements
// per message by a third and PostgreSQL's CPU per message by a quarter (README, "Cost per
// message"). An actor whose batches take longer than that never waits (it is behind: waiting
// would only slow it down), and a lone message after a quiet spell starts at once.
//
// In a cluster each node's actors see a share of the work, so with one node's linger the
// cluster would start `nodes` times more batches, each `nodes` times smaller, for the one
// PostgreSQL that pays per batch. So while work arrives fast enough (the rate is smoothed over
// the batches) that a linger of `nodes` lingers (at most max_lingering_nodes) would gather
// worth_stretching items or more, the linger stretches to that: the busy cluster then starts
// batches as often as one node would. Sparse work keeps one node's linger, where latency wins
// and the database has time to spare (docs/architecture.md, "Cluster"). Not lingering at all
// for sparse work was tried: with three nodes it doubled the live events' p99 (README,
// "Deployment").
#include <algorithm>
#include <chrono>
#include <cstddef>

namespace centralita::actors {

inline constexpr std::chrono::milliseconds batch_linger{50};
/// The linger stops stretching at this many nodes, so that latency stays bounded.
inline constexpr int max_lingering_nodes = 4;
/// A stretched linger must gather at least this many items to be worth its latency.
inline constexpr double worth_stretching = 4.0;

class batch_pacer {
 public:
  using clock = std::chrono::steady_clock;

  explicit batch_pacer(clock::duration linger = batch_linger) : linger_(linger) {}

  /// The wait before a batch for work that arrives `now` at an idle actor, with `nodes` nodes
  /// alive in the cluster (this one included).
  clock::duration wait_before_batch(clock::time_point now, int nodes = 1) {
    const auto linger = linger_for(nodes);
    const bool flowing = started_ != clock::time_point{} && now - started_ < 2 * linger;
    const auto wait = flowing ? std::max(clock::duration::zero(), started_ + linger - now)
                              : clock::duration::zero();
    started_ = now + wait;
    return wait;
  }

  /// A batch of `items` starts `now`: the arrival rate follows it. Items and time are smoothed
  /// apart (a mean of items per second would overrate the rate: one item that started its
  /// batch a millisecond after the last reads as a thousand per second).
  void batch_started(size_t items, clock::time_point now) {
    if (last_batch_ != clock::time_point{} && now > last_batch_) {
      const double seconds = std::chrono::duration<double>(now - last_batch_).count();
      const bool fresh = seconds >= 1.0;  // after a quiet spell the past says nothing
      items_ =
          fresh ? static_cast<double>(items) : 0.75 * items_ + 0.25 * static_cast<double>(items);
      seconds_ = fresh ? seconds : 0.75 * seconds_ + 0.25 * seconds;
    }
    last_batch_ = now;
  }

  /// The linger with `nodes` nodes alive, for the rate work comes at.
  clock::duration linger_for(int nodes) const {
    const auto stretched = linger_ * std::clamp(nodes, 1, max_lingering_nodes);
    const double per_second = seconds_ > 0 ? items_ / seconds_ : 0;
    const double gathered = per_second * std::chrono::duration<double>(stretched).count();
    return gathered >= worth_stretching ? stretched : linger_;
  }

 private:
  clock::duration linger_;
  double items_ = 0;                ///< items per batch, smoothed
  double seconds_ = 0;              ///< seconds between batch starts, smoothed
  clock::time_point started_{};     ///< when the previous batch started (or will)
  clock::time_point last_batch_{};  ///< when batch_started was last told
};

}  // namespace centralita::actors
