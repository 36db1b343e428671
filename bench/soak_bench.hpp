#pragma once
// `centralita-bench soak`: a long steady mix of Builderbot webhooks over many customers, API
// reads and writes of a signed-in agent, and dashboard sockets that read everything. Every
// sample interval it reads the server's RSS and open files, the database's connections and
// the interval's latencies; at the end it checks that nothing was lost and prints one JSON
// object with the first (after warm-up) and last sample and whether they are flat.

#include <string>

namespace centralita::bench {

/// The flags of `centralita-bench soak`.
struct soak_options {
  std::string api_url = "http://127.0.0.1:8080";      ///< the API and /ws
  std::string gateway_url = "http://127.0.0.1:8081";  ///< the webhook
  std::string account_key = "builderbot_whatsapp_main";
  std::string email = "agent@demo.com";
  std::string password = "admin123";
  std::string database_url;  ///< the server's database: connections and the final check
  int pid = 0;               ///< the server's process id: /proc/<pid>/status and /proc/<pid>/fd
  double minutes = 30;
  double rate = 50;      ///< webhooks per second
  double api_rate = 20;  ///< API requests per second
  int api_clients = 4;   ///< API connections, one request at a time each
  int sockets = 200;
  int customers = 1000;  ///< customer phones the webhooks are spread over
  int senders = 8;       ///< webhook connections; a customer always goes through the same one
  int io_threads = 2;    ///< threads reading the sockets
  double sample_s = 30;  ///< seconds between samples
  /// The first sample at or after this many seconds is the baseline the end is compared with:
  /// a fresh server grows its pools, caches and actors at first, which is not a leak.
  double warmup_s = 60;
  double wait_s = 60;  ///< how long after the load frames and message rows may still arrive
};

/// Runs the soak; 0 when nothing was lost, no request failed and the figures stayed flat, 1 when
/// not, 2 when it could not run (login, sockets, database, process).
int run_soak(const soak_options& options);

}  // namespace centralita::bench
