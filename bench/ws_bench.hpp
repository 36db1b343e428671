#pragma once
// `centralita-bench ws`: many dashboard sockets of one tenant (`GET /ws?token=`) while
// Builderbot webhooks arrive at a steady rate; measures, on every socket, the time from a
// webhook's send to its `message.created` frame, and counts frames lost, duplicated or out of
// order. Prints one JSON object.

#include <string>

namespace centralita::bench {

/// The flags of `centralita-bench ws`.
struct ws_options {
  std::string api_url = "http://127.0.0.1:8080";      ///< where /ws and the login are
  std::string gateway_url = "http://127.0.0.1:8081";  ///< where the webhook is
  std::string account_key = "builderbot_whatsapp_main";
  std::string email = "agent@demo.com";
  std::string password = "admin123";
  int sockets = 5000;
  int events = 2500;
  double rate = 167;   ///< webhooks per second: 500 live events/s (three per webhook)
  int io_threads = 2;  ///< threads reading the sockets
  int senders = 8;     ///< webhook connections; each is one customer phone, sent in order
  double wait_s = 15;  ///< how long after the last send frames may still arrive
  /// The webhooks of the schedule's first seconds are checked for loss and order but not timed:
  /// the first messages of a fresh server also create its customers, conversations and
  /// connections, which is not the steady state the latency describes.
  double warmup_s = 1;
};

/// Runs the bench; 0 when every socket got every accepted event once and in order, 1 when not,
/// 2 when it could not run (login, sockets, webhooks).
int run_ws(const ws_options& options);

}  // namespace centralita::bench
