// `centralita-bench soak`: the sockets open first, then the webhook senders and the API client
// run on their schedules while this thread samples the server every --sample-s seconds; after
// the load, the sockets get --wait seconds to receive the rest and the database is checked.
#include "bench/soak_bench.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "bench/sign_in.hpp"
#include "bench/soak_load.hpp"
#include "bench/soak_probe.hpp"
#include "bench/stats.hpp"
#include "bench/ws_fleet.hpp"
#include "common/fd_limit.hpp"
#include "storage/pg_connect.hpp"

namespace centralita::bench {

namespace {

using steady = std::chrono::steady_clock;
using writer = rapidjson::Writer<rapidjson::StringBuffer>;

/// The flat verdict's allowance: the end may exceed the baseline by this share plus a constant
/// (allocator arenas and buffers settle in steps; a leak grows without bound).
constexpr double growth_allowed = 0.10;
constexpr int64_t rss_slack_kib = 16 * 1024;
constexpr int64_t fds_slack = 8;

/// One sample: the server's figures at its time, the latencies and counts of its interval.
struct soak_sample {
  double t_s = 0;  ///< seconds since the load started
  std::optional<int64_t> rss_kib, fds, pg_connections;
  percentiles ack, api;
  int64_t webhooks = 0, api_requests = 0, frames = 0;  ///< answered / received in the interval
};

std::string make_run_id() {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>(std::random_device{}()));
  return buf.data();
}

long long or_minus_one(const std::optional<int64_t>& v) { return v ? *v : -1; }

void print_sample(const soak_sample& s) {
  std::fprintf(stderr,
               "soak: t %6.0f s  rss %7.1f MiB  fds %4lld  pg %3lld  ack p50 %6.2f p99 %7.2f ms  "
               "api p50 %6.2f p99 %7.2f ms  webhooks %6lld  api %5lld  frames %8lld\n",
               s.t_s, s.rss_kib ? static_cast<double>(*s.rss_kib) / 1024 : -1.0,
               or_minus_one(s.fds), or_minus_one(s.pg_connections), s.ack.p50, s.ack.p99, s.api.p50,
               s.api.p99, static_cast<long long>(s.webhooks),
               static_cast<long long>(s.api_requests), static_cast<long long>(s.frames));
}

void write_count(writer& w, const char* key, const std::optional<int64_t>& v) {
  w.Key(key);
  if (v) {
    w.Int64(*v);
  } else {
    w.Null();
  }
}

void write_number(writer& w, const char* key, double v) {
  w.Key(key);
  w.Double(round3(v));
}

void write_sample(writer& w, const char* key, const soak_sample& s) {
  w.Key(key);
  w.StartObject();
  write_number(w, "t_s", s.t_s);
  w.Key("rss_mib");
  if (s.rss_kib) {
    w.Double(round3(static_cast<double>(*s.rss_kib) / 1024));
  } else {
    w.Null();
  }
  write_count(w, "fds", s.fds);
  write_count(w, "pg_connections", s.pg_connections);
  write_number(w, "ack_p50_ms", s.ack.p50);
  write_number(w, "ack_p99_ms", s.ack.p99);
  write_number(w, "api_p50_ms", s.api.p50);
  write_number(w, "api_p99_ms", s.api.p99);
  write_count(w, "webhooks", s.webhooks);
  write_count(w, "api_requests", s.api_requests);
  write_count(w, "frames", s.frames);
  w.EndObject();
}

/// Whether `end` stayed within the allowance of `start`, per figure; all false when unread.
struct flat_verdict {
  bool rss = false, fds = false, pg = false;
  bool all() const { return rss && fds && pg; }
};

flat_verdict judge(const soak_sample& start, const soak_sample& end) {
  auto within = [](const std::optional<int64_t>& a, const std::optional<int64_t>& b,
                   int64_t slack) {
    return a && b &&
           static_cast<double>(*b) <= static_cast<double>(*a) * (1 + growth_allowed) + slack;
  };
  flat_verdict v;
  v.rss = within(start.rss_kib, end.rss_kib, rss_slack_kib);
  v.fds = within(start.fds, end.fds, fds_slack);
  v.pg = start.pg_connections && end.pg_connections && *end.pg_connections <= *start.pg_connections;
  return v;
}

}  // namespace

int run_soak(const soak_options& o) {
  auto api = parse_http_url(o.api_url);
  auto gateway = parse_http_url(o.gateway_url);
  if (!api || !gateway) {
    std::fprintf(stderr, "soak: --api-url and --gateway-url must be http://host:port\n");
    return 2;
  }
  if (o.database_url.empty() || o.pid <= 0 || !process_rss_kib(o.pid)) {
    std::fprintf(stderr, "soak: needs --database-url (or DATABASE_URL) and the server's --pid\n");
    return 2;
  }
  auto db = storage::open_for_tool("soak: database", o.database_url);
  if (!db) return 2;
  const long fd_limit = raise_fd_limit();
  if (fd_limit >= 0 && fd_limit < o.sockets + o.senders + o.api_clients + 64) {
    std::fprintf(stderr, "soak: the open-file limit is %ld, too low for %d sockets\n", fd_limit,
                 o.sockets);
    return 2;
  }
  auto token = sign_in(*api, o.email, o.password, "soak");
  if (!token) return 2;
  const std::string run_id = make_run_id();
  auto ticket = create_soak_ticket(*api, *token, run_id);
  if (!ticket) return 2;

  const double duration_s = o.minutes * 60;
  // A customer's messages all go through one sender, which keeps them in order.
  const int senders = std::max(1, o.senders);
  const int customers = std::max(1, (o.customers + senders - 1) / senders) * senders;
  // Index i goes out at i / rate, while that is before the end (the epsilon absorbs 0.1 * 60).
  const int events = std::max(1, static_cast<int>(std::ceil(duration_s * o.rate - 1e-6)));
  ws_run run;
  run.reset("soak-" + run_id + "-", events, customers,
            std::min(events - 1, static_cast<int>(o.warmup_s * o.rate)));
  ws_fleet fleet{run, o.io_threads};
  int sockets_up = 0;
  try {
    sockets_up = fleet.open(*api, *token, o.sockets, std::chrono::seconds(120));
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "soak: %s\n", e.what());
    return 2;
  }
  std::fprintf(stderr,
               "soak: run %s, %d of %d sockets open; %.1f min at %.0f webhooks/s, %.0f "
               "API requests/s\n",
               run_id.c_str(), sockets_up, o.sockets, o.minutes, o.rate, o.api_rate);
  if (sockets_up == 0) return 2;
  // A new socket holds live frames for a moment, waiting for a resume; let that pass.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  soak_counters counters;
  interval_latencies latencies;
  const auto start = steady::now() + std::chrono::milliseconds(50);
  const auto end = start + std::chrono::duration_cast<steady::duration>(
                               std::chrono::duration<double>(duration_s));
  const webhook_plan hooks{*gateway, o.account_key, run_id, o.rate, senders, start};
  std::vector<std::vector<acked_event>> acked(static_cast<size_t>(senders));
  std::vector<std::thread> threads;
  for (int s = 0; s < senders; ++s) {
    threads.emplace_back(run_webhook_sender, std::cref(hooks), std::ref(run), s, std::ref(counters),
                         std::ref(latencies), std::ref(acked[s]));
  }
  const api_plan agent{*api, *token, *ticket, o.api_rate, std::max(1, o.api_clients), start, end};
  for (int c = 0; c < agent.clients; ++c) {
    threads.emplace_back(run_api_client, std::cref(agent), c, std::ref(counters),
                         std::ref(latencies));
  }

  std::vector<soak_sample> samples;
  int64_t frames_before = 0;
  for (int k = 1;; ++k) {
    const auto when = std::min(end, start + std::chrono::duration_cast<steady::duration>(
                                                std::chrono::duration<double>(k * o.sample_s)));
    std::this_thread::sleep_until(when);
    auto taken = latencies.take();
    soak_sample s;
    s.t_s = std::chrono::duration<double>(steady::now() - start).count();
    s.rss_kib = process_rss_kib(o.pid);
    s.fds = process_open_files(o.pid);
    s.pg_connections = database_connections(*db);
    s.webhooks = static_cast<int64_t>(taken.ack_ms.size());
    s.api_requests = static_cast<int64_t>(taken.api_ms.size());
    s.ack = summarize(std::move(taken.ack_ms));
    s.api = summarize(std::move(taken.api_ms));
    const int64_t frames = run.frames.load();
    s.frames = frames - frames_before;
    frames_before = frames;
    print_sample(s);
    samples.push_back(s);
    if (when >= end) break;
  }
  for (auto& t : threads) t.join();

  const int64_t expected = counters.accepted * sockets_up;
  const auto frames_deadline = steady::now() + std::chrono::duration_cast<steady::duration>(
                                                   std::chrono::duration<double>(o.wait_s));
  while (run.delivered < expected && steady::now() < frames_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  fleet.stop();
  const int64_t ws_lost = fleet.lost();
  const auto delivery = fleet.histogram();
  std::vector<acked_event> all_acked;
  for (auto& a : acked) all_acked.insert(all_acked.end(), a.begin(), a.end());
  const auto check = check_ingest(o.database_url, all_acked, o.wait_s, [] {});
  if (!check) return 2;

  // The baseline is the first sample after the warm-up (the first of all in a short run).
  const auto baseline = std::find_if(samples.begin(), samples.end(),
                                     [&](const soak_sample& s) { return s.t_s >= o.warmup_s; });
  const soak_sample& first = baseline != samples.end() ? *baseline : samples.front();
  const soak_sample& last = samples.back();
  const flat_verdict flat = judge(first, last);
  const bool nothing_lost = check->lost == 0 && check->doubled == 0 && check->out_of_order == 0 &&
                            ws_lost == 0 && run.duplicates == 0 && run.out_of_order == 0;
  const bool no_errors = counters.webhook_errors == 0 && counters.api_errors == 0 &&
                         sockets_up == o.sockets && run.closed == 0;

  rapidjson::StringBuffer buf;
  writer w{buf};
  auto count = [&](const char* key, int64_t v) { write_count(w, key, v); };
  w.StartObject();
  w.Key("mode");
  w.String("soak");
  write_number(w, "minutes", o.minutes);
  write_number(w, "rate", o.rate);
  write_number(w, "api_rate", o.api_rate);
  count("sockets", o.sockets);
  count("connected", sockets_up);
  count("customers", customers);
  count("sent", counters.sent);
  count("accepted", counters.accepted);
  count("webhook_errors", counters.webhook_errors);
  count("api_requests", counters.api_requests);
  count("api_errors", counters.api_errors);
  count("samples", static_cast<int64_t>(samples.size()));
  write_sample(w, "start", first);
  write_sample(w, "end", last);
  count("lost", check->lost);
  count("double", check->doubled);
  count("out_of_order", check->out_of_order);
  count("undecided", check->undecided);
  count("ws_delivered", run.delivered);
  count("ws_lost", ws_lost);
  count("ws_duplicates", run.duplicates);
  count("ws_out_of_order", run.out_of_order);
  count("ws_closed", run.closed);
  write_number(w, "delivery_p50_ms", delivery.quantile_ms(0.50));
  write_number(w, "delivery_p99_ms", delivery.quantile_ms(0.99));
  w.Key("flat_rss");
  w.Bool(flat.rss);
  w.Key("flat_fds");
  w.Bool(flat.fds);
  w.Key("flat_pg");
  w.Bool(flat.pg);
  w.Key("flat");
  w.Bool(flat.all());
  w.Key("nothing_lost");
  w.Bool(nothing_lost);
  w.EndObject();
  std::printf("%s\n", buf.GetString());
  std::fflush(stdout);
  return flat.all() && nothing_lost && no_errors ? 0 : 1;
}

}  // namespace centralita::bench
