// `centralita-bench ws`: the sockets are a ws_fleet; the webhooks go out from a few sender
// threads on a fixed schedule. A webhook's body carries a marker with its index, which the
// frame's `text` repeats (the schedule's first --warmup seconds are checked but not timed).
#include "bench/ws_bench.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/http_target.hpp"
#include "bench/sign_in.hpp"
#include "bench/stats.hpp"
#include "bench/ws_fleet.hpp"
#include "common/fd_limit.hpp"
#include "tests/support/http_client.hpp"

namespace centralita::bench {

namespace {

using steady = std::chrono::steady_clock;

std::string make_run_id() {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>(std::random_device{}()));
  return buf.data();
}

/// Sender `s` posts indexes s, s + senders, ... each at start + index / rate, as customer phone
/// 5216600000<s>, one after the other (so the server must keep their order).
void run_sender(const http_target& gateway, const ws_options& o, ws_run& run, int s,
                steady::time_point start, std::atomic<int64_t>& errors) {
  testkit::http_connection conn{gateway.host, gateway.port, std::chrono::seconds(30)};
  const testkit::http_headers headers{{"Content-Type", "application/json"},
                                      {"X-Account-Key", o.account_key}};
  std::array<char, 24> phone{};
  std::snprintf(phone.data(), phone.size(), "5216600000%03d", s);
  for (int i = s; i < run.events; i += run.customers) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<steady::duration>(
                                              std::chrono::duration<double>(i / o.rate)));
    const std::string body = R"({"eventName":"message.incoming","data":{"body":"ws bench )" +
                             run.marker + std::to_string(i) + R"( hola","name":"WS Bench )" +
                             std::to_string(s) + R"(","from":")" + phone.data() +
                             R"(","attachment":[]}})";
    run.sent_ns[i].store(steady_ns(), std::memory_order_release);
    try {
      auto r = conn.request("POST", gateway.base + "/webhooks/builderbot/whatsapp", body, headers);
      if (r.status == 200 && json_string(r.body, "status") == "accepted") {
        run.accepted[i] = 1;
      } else if (errors++ == 0) {
        std::fprintf(stderr, "ws: webhook: HTTP %d %s\n", r.status, r.body.c_str());
      }
    } catch (const testkit::http_error& e) {
      if (errors++ == 0) std::fprintf(stderr, "ws: webhook: %s\n", e.what());
    }
  }
}

}  // namespace

int run_ws(const ws_options& o) {
  auto api = parse_http_url(o.api_url);
  auto gateway = parse_http_url(o.gateway_url);
  if (!api || !gateway) {
    std::fprintf(stderr, "ws: --api-url and --gateway-url must be http://host:port\n");
    return 2;
  }
  const long fds = raise_fd_limit();
  if (fds >= 0 && fds < o.sockets + 64) {
    std::fprintf(stderr, "ws: the open-file limit is %ld, too low for %d sockets\n", fds,
                 o.sockets);
    return 2;
  }
  auto token = sign_in(*api, o.email, o.password, "ws");
  if (!token) return 2;

  // Each sender is one customer, so the customers are the senders.
  ws_run run;
  run.reset("wsb-" + make_run_id() + "-", o.events, std::max(1, o.senders),
            std::min(o.events - 1, static_cast<int>(o.warmup_s * o.rate)));

  ws_fleet fleet{run, o.io_threads};
  const auto open_start = steady::now();
  int sockets_up = 0;
  try {
    sockets_up = fleet.open(*api, *token, o.sockets, std::chrono::seconds(120));
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "ws: %s\n", e.what());
    return 2;
  }
  const double open_s = std::chrono::duration<double>(steady::now() - open_start).count();
  std::fprintf(stderr, "ws: %d of %d sockets open in %.1f s\n", sockets_up, o.sockets, open_s);
  if (sockets_up == 0) return 2;
  // A new socket holds live frames for a moment, waiting for a resume; let that pass.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  std::atomic<int64_t> send_errors{0};
  const auto send_start = steady::now() + std::chrono::milliseconds(50);
  std::vector<std::thread> senders;
  for (int s = 0; s < run.customers; ++s) {
    senders.emplace_back(run_sender, std::cref(*gateway), std::cref(o), std::ref(run), s,
                         send_start, std::ref(send_errors));
  }
  for (auto& t : senders) t.join();
  const double send_s = std::chrono::duration<double>(steady::now() - send_start).count();
  int64_t accepted = 0;
  for (auto a : run.accepted) accepted += a;
  const int64_t expected = accepted * sockets_up;
  const auto deadline = steady::now() + std::chrono::duration_cast<steady::duration>(
                                            std::chrono::duration<double>(o.wait_s));
  while (run.delivered < expected && steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fleet.stop();
  const int64_t lost = fleet.lost();
  const auto histogram = fleet.histogram();

  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> jw{buf};
  auto count = [&](const char* key, int64_t v) {
    jw.Key(key);
    jw.Int64(v);
  };
  auto number = [&](const char* key, double v) {
    jw.Key(key);
    jw.Double(round3(v));
  };
  jw.StartObject();
  jw.Key("mode");
  jw.String("ws");
  count("sockets", o.sockets);
  count("connected", sockets_up);
  count("events", o.events);
  count("accepted", accepted);
  number("rate", o.rate);
  number("send_rate", static_cast<double>(o.events) / std::max(send_s, 1e-9));
  count("delivered", run.delivered);
  count("lost", lost);
  count("out_of_order", run.out_of_order);
  count("duplicates", run.duplicates);
  count("closed", run.closed);
  count("untimed_warmup", run.timed_from);
  jw.Key("latency_ms");
  jw.StartObject();
  number("p50", histogram.quantile_ms(0.50));
  number("p99", histogram.quantile_ms(0.99));
  number("p999", histogram.quantile_ms(0.999));
  jw.EndObject();
  jw.EndObject();
  std::printf("%s\n", buf.GetString());
  std::fflush(stdout);
  if (send_errors > 0 || sockets_up < o.sockets) return 1;
  return lost == 0 && run.out_of_order == 0 && run.duplicates == 0 ? 0 : 1;
}

}  // namespace centralita::bench
