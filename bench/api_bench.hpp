#pragma once
// `centralita-bench api`: latency of the agents' list routes (conversations with and without
// filters, search and cursor paging; tickets, suggestions, the event log) over one keep-alive
// connection, on a tenant filled by `seed-api`. Prints one JSON object with p50/p99 per route.

#include <cstdint>
#include <string>

namespace centralita::bench {

/// What `api` measures.
struct api_options {
  std::string url = "http://127.0.0.1:8080";
  std::string email = "agent@demo.com";
  std::string password = "admin123";
  int requests = 300;              ///< timed requests per route (after a tenth as many untimed)
  int64_t conversations = 100000;  ///< how many `seed-api` wrote: the search terms come from it
};

/// Runs the bench; 0 when every request answered 200, 1 when some did not, 2 when it could not
/// run.
int run_api(const api_options& options);

}  // namespace centralita::bench
