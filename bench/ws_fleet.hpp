#pragma once
// Dashboard sockets for the benches (`ws`, `soak`): many `GET /ws?token=` WebSocket clients of
// one tenant on a few io threads. Every socket checks that it receives each webhook of the run
// once and in order, and times the webhook's send to its `message.created` frame.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/http_target.hpp"

namespace centralita::bench {

/// Now on the steady clock, in nanoseconds: the clock of `ws_run::sent_ns`.
int64_t steady_ns();

/// What the webhook senders and every socket share. A webhook's body carries `marker` followed
/// by its index, which the text of its `message.created` frame repeats.
struct ws_run {
  std::string marker;
  int events = 0;      ///< indexes 0 .. events - 1
  int customers = 1;   ///< index % customers is the customer; its indexes must arrive in order
  int timed_from = 0;  ///< the first index whose delivery is timed (the ones before: warm-up)
  std::unique_ptr<std::atomic<int64_t>[]> sent_ns;  ///< when each index was sent; 0: not yet
  std::vector<uint8_t> accepted;                    ///< per index, written by its sender
  std::atomic<int64_t> delivered{0};     ///< marked `message.created` frames, first copies
  std::atomic<int64_t> duplicates{0};    ///< marked frames a socket had already seen
  std::atomic<int64_t> out_of_order{0};  ///< a seq not above the last, or a customer reordered
  std::atomic<int64_t> closed{0};        ///< sockets the server closed
  std::atomic<int64_t> frames{0};        ///< text frames of any kind, over all sockets

  /// Sizes the per-index arrays for `events` indexes, none sent or accepted yet.
  void reset(std::string marker, int events, int customers, int timed_from);
};

/// Delivery latencies: 10 µs buckets up to 20 s (the last bucket takes everything slower).
struct latency_histogram {
  std::vector<uint64_t> buckets;
  uint64_t samples = 0;

  /// The q-quantile in ms (bucket midpoints); 0 when empty.
  double quantile_ms(double q) const;
};

/// A set of dashboard sockets, each reading everything its tenant publishes.
class ws_fleet {
 public:
  /// Sockets report into `run`, which must outlive the fleet; `io_threads` threads read them.
  ws_fleet(ws_run& run, int io_threads);
  ~ws_fleet();
  ws_fleet(const ws_fleet&) = delete;
  ws_fleet& operator=(const ws_fleet&) = delete;

  /// Opens `sockets` sockets to `api` with `token` and waits up to `timeout` until each has
  /// connected or failed; returns how many are connected. Throws std::runtime_error when the
  /// host can't be resolved.
  int open(const http_target& api, const std::string& token, int sockets,
           std::chrono::seconds timeout);

  /// Stops the io threads (once); read lost() and histogram() after this.
  void stop();

  /// Accepted indexes that a connected socket never received, summed over the sockets.
  int64_t lost() const;

  /// The delivery latencies of every socket, merged.
  latency_histogram histogram() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace centralita::bench
