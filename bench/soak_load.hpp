#pragma once
// The load of `centralita-bench soak`: webhook senders on a fixed schedule and one agent's API
// client, both timing every request into the current sample interval.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench/http_target.hpp"
#include "bench/ingest_bench.hpp"
#include "bench/ws_fleet.hpp"

namespace centralita::bench {

/// Latencies of the current sample interval: the load threads add, the sampler takes.
class interval_latencies {
 public:
  /// One interval's samples in ms.
  struct samples {
    std::vector<double> ack_ms;  ///< webhook send → acknowledgment
    std::vector<double> api_ms;  ///< API request → answer
  };

  /// Records a webhook's acknowledgment latency.
  void add_ack(double ms);
  /// Records an API request's latency.
  void add_api(double ms);
  /// The samples since the last take, leaving none.
  samples take();

 private:
  std::mutex mutex_;
  samples now_;
};

/// Counts over the whole run.
struct soak_counters {
  std::atomic<int64_t> sent{0}, accepted{0}, webhook_errors{0};
  std::atomic<int64_t> api_requests{0}, api_errors{0};
};

/// What every webhook sender shares.
struct webhook_plan {
  http_target gateway;
  std::string account_key;
  std::string run_id;  ///< in every body, as `bench run <run_id> customer <c> msg <n>`
  double rate = 1;     ///< webhooks per second over all senders
  int senders = 1;
  std::chrono::steady_clock::time_point start;
};

/// Sender `s` posts the run's indexes s, s + senders, ... each at start + index / rate, index i
/// as customer i % run.customers (so one customer's messages go out in order, one at a time).
/// Each body is unique and carries run.marker + index; acknowledged events go to `acked`.
void run_webhook_sender(const webhook_plan& plan, ws_run& run, int s, soak_counters& counters,
                        interval_latencies& latencies, std::vector<acked_event>& acked);

/// What the agent's API client does.
struct api_plan {
  http_target api;
  std::string token;
  int64_t ticket_id = 0;  ///< the ticket whose priority the client changes
  double rate = 1;        ///< requests per second over all the clients
  int clients = 1;        ///< connections the requests are spread over
  std::chrono::steady_clock::time_point start, deadline;
};

/// Creates the ticket the API client patches; nothing (reason on stderr) when refused.
std::optional<int64_t> create_soak_ticket(const http_target& api, const std::string& token,
                                          const std::string& run_id);

/// Client `c` of plan.clients sends requests c, c + clients, ... of the schedule (request k at
/// start + k / rate) until the deadline, cycling through: list conversations, read one, list
/// tickets, list pending suggestions, reply to a conversation as the agent, change the ticket's
/// priority.
void run_api_client(const api_plan& plan, int c, soak_counters& counters,
                    interval_latencies& latencies);

}  // namespace centralita::bench
