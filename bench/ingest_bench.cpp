// The load half of `centralita-bench ingest`: one thread per keep-alive connection POSTing
// Builderbot `message.incoming` events, some of them exact repeats of acknowledged ones.
#include "bench/ingest_bench.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "bench/cost_meter.hpp"
#include "bench/http_target.hpp"
#include "bench/message_mix.hpp"
#include "bench/stats.hpp"
#include "tests/support/fake_builderbot.hpp"
#include "tests/support/http_client.hpp"

namespace centralita::bench {

namespace {

using steady = std::chrono::steady_clock;

constexpr const char* webhook_path = "/webhooks/builderbot/whatsapp";

struct target {
  std::string host;
  uint16_t port = 80;
  std::string path;  // base path + webhook_path
};

std::optional<target> parse_url(const std::string& url) {
  auto t = parse_http_url(url);
  if (!t) return std::nullopt;
  return target{t->host, t->port, t->base + webhook_path};
}

std::string make_run_id() {
  std::random_device rd;
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%08x", static_cast<unsigned>(rd()));
  return buf.data();
}

std::string phone_of(int customer) {
  std::array<char, 24> buf{};
  std::snprintf(buf.data(), buf.size(), "52199%07d", customer);
  return buf.data();
}

struct load_plan {
  target where;
  ingest_options options;
  std::string run_id;
  steady::time_point start;
  steady::time_point deadline;
  std::string media_url = {};  ///< the photo media events point at
};

// A Builderbot incoming-message event (docs/protocols.md §1a) with the framework's message_id,
// unique per message (so an exact repeat is a provider retry, whatever its text). With a media
// URL it carries a photo as `urlTempFile`, its text then being the photo's caption.
std::string make_event(const std::string& run_id, int customer, int64_t seq,
                       const std::string& text, const std::string& media_url = {}) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("eventName");
  w.String("message.incoming");
  w.Key("data");
  w.StartObject();
  w.Key("body");
  w.String(text);
  w.Key("message_id");
  w.String(run_id + "-" + std::to_string(customer) + "-" + std::to_string(seq));
  w.Key("name");
  w.String("Bench Customer " + std::to_string(customer));
  w.Key("from");
  w.String(phone_of(customer));
  w.Key("attachment");
  w.StartArray();
  w.EndArray();
  if (!media_url.empty()) {
    w.Key("urlTempFile");
    w.String(media_url);
  }
  w.Key("projectId");
  w.String("bench-" + run_id);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

// The text of a customer's next message: the realistic mix, or the one template of old.
std::string next_text(const load_plan& plan, message_mix& mix, mix_customer& who, int customer,
                      int64_t seq) {
  if (plan.options.mix == "template") {
    return "bench run " + plan.run_id + " customer " + std::to_string(customer) + " msg " +
           std::to_string(seq);
  }
  return mix.next(who);
}

bool looks_like_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// {"status":…,"event_id":…} from a webhook answer; empty strings when absent.
std::pair<std::string, std::string> parse_answer(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  auto text = [&](const char* key) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? std::string{it->value.GetString()}
                                                         : std::string{};
  };
  return {text("status"), text("event_id")};
}

struct live_counters {
  std::atomic<int64_t> sent{0}, accepted{0}, duplicates{0}, errors{0};
};

struct worker_result {
  std::vector<double> latency_ms;
  std::vector<acked_event> acked;
  std::map<std::string, int64_t> error_kinds;  // "HTTP 503", "transport: …"
  int64_t repeat_accepted = 0;                 // repeats answered "accepted": a dedup miss
  int64_t unique_duplicate = 0;                // unique bodies answered "duplicate"
};

// Customer c belongs to worker c % connections, so one phone's messages go out one at a time,
// each after the previous one was answered: the server must keep them in that order.
void run_worker(const load_plan& plan, int index, live_counters& live, worker_result& out) {
  const uint64_t seed = std::random_device{}() ^ static_cast<uint64_t>(index);
  std::mt19937_64 rng{seed};
  std::uniform_real_distribution<double> coin{0.0, 1.0};
  testkit::http_connection connection{plan.where.host, plan.where.port, std::chrono::seconds(30)};
  const testkit::http_headers headers{{"Content-Type", "application/json"},
                                      {"X-Account-Key", plan.options.account_key}};
  std::vector<int> customers;
  for (int c = index; c < plan.options.customers; c += plan.options.connections) {
    customers.push_back(c);
  }
  std::vector<int64_t> next_seq(customers.size(), 1);
  message_mix mix{seed};
  std::vector<mix_customer> states;
  for (size_t i = 0; i < customers.size(); ++i) states.push_back(mix.new_customer());
  std::vector<std::string> replayable;  // acknowledged bodies, kept up to a bound
  int customer = 0;
  int64_t seq = 0;
  constexpr size_t max_replayable = 1024;
  size_t turn = 0;
  // With a rate, each connection sends its share on a fixed schedule (late sends go at once).
  const auto interval =
      plan.options.rate > 0
          ? std::chrono::duration_cast<steady::duration>(
                std::chrono::duration<double>(plan.options.connections / plan.options.rate))
          : steady::duration::zero();
  auto next_send = plan.start + interval * index / plan.options.connections;

  while (steady::now() < plan.deadline) {
    if (interval > steady::duration::zero()) {
      std::this_thread::sleep_until(next_send);
      next_send += interval;
      if (next_send >= plan.deadline) break;
    }
    bool repeat = !replayable.empty() && coin(rng) < plan.options.duplicate_ratio;
    std::string body;
    if (repeat) {
      body = replayable[rng() % replayable.size()];
    } else {
      size_t slot = turn++ % customers.size();
      customer = customers[slot];
      seq = next_seq[slot]++;
      bool media = plan.options.media_share > 0 && coin(rng) < plan.options.media_share;
      body =
          make_event(plan.run_id, customer, seq, next_text(plan, mix, states[slot], customer, seq),
                     media ? plan.media_url : std::string{});
    }
    ++live.sent;
    auto start = steady::now();
    testkit::http_response answer;
    try {
      answer = connection.request("POST", plan.where.path, body, headers);
    } catch (const testkit::http_error& e) {
      ++live.errors;
      ++out.error_kinds[std::string{"transport: "} + e.what()];
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // don't spin on a dead server
      continue;
    }
    double ack_epoch_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    out.latency_ms.push_back(
        std::chrono::duration<double, std::milli>(steady::now() - start).count());
    auto [status, event_id] =
        answer.status == 200 ? parse_answer(answer.body) : std::pair<std::string, std::string>{};
    if (status == "accepted" && looks_like_uuid(event_id)) {
      ++live.accepted;
      if (repeat) {
        ++out.repeat_accepted;
        continue;
      }
      out.acked.push_back({event_id, ack_epoch_s, customer, seq});
      if (replayable.size() < max_replayable) {
        replayable.push_back(std::move(body));
      } else {
        replayable[rng() % max_replayable] = std::move(body);
      }
    } else if (status == "duplicate") {
      ++live.duplicates;
      if (!repeat) ++out.unique_duplicate;
    } else {
      ++live.errors;
      ++out.error_kinds[answer.status == 200 ? "HTTP 200 " + status
                                             : "HTTP " + std::to_string(answer.status)];
    }
  }
}

void print_progress(const live_counters& live, double elapsed_s) {
  std::fprintf(
      stderr, "ingest: %4.1fs sent %lld accepted %lld duplicates %lld errors %lld\n", elapsed_s,
      static_cast<long long>(live.sent.load()), static_cast<long long>(live.accepted.load()),
      static_cast<long long>(live.duplicates.load()), static_cast<long long>(live.errors.load()));
}

// The cost of the run per processed message (each acknowledged unique event is one message).
struct cost_per_message {
  run_cost total;
  int64_t messages = 0;
};

void print_report(const ingest_options& o, const live_counters& live, double elapsed_s,
                  const percentiles& latency, const std::optional<ingest_check>& check,
                  const std::optional<cost_per_message>& cost) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  auto number = [&](const char* key, double v) {
    w.Key(key);
    w.Double(round3(v));
  };
  auto count = [&](const char* key, int64_t v) {
    w.Key(key);
    w.Int64(v);
  };
  w.StartObject();
  w.Key("mode");
  w.String("ingest");
  w.Key("mix");
  w.String(o.mix);
  count("connections", o.connections);
  number("rate", o.rate);
  number("media_share", o.media_share);
  number("duration_s", elapsed_s);
  count("sent", live.sent);
  count("accepted", live.accepted);
  count("duplicates", live.duplicates);
  count("errors", live.errors);
  number("rps", static_cast<double>(live.accepted + live.duplicates) / elapsed_s);
  w.Key("latency_ms");
  w.StartObject();
  number("p50", latency.p50);
  number("p99", latency.p99);
  number("p999", latency.p999);
  w.EndObject();
  if (check) {
    number("processed_p99_ms", check->processed_p99_ms);
    count("lost", check->lost);
    count("double", check->doubled);
    count("out_of_order", check->out_of_order);
    number("decided_p99_ms", check->decided_p99_ms);
    number("ack_to_decision_p99_ms", check->ack_to_decision_p99_ms);
    count("undecided", check->undecided);
    // Sustainable: every message decided, within 1 s at p99, at the rate asked for.
    w.Key("keeps_up");
    w.Bool(check->undecided == 0 && check->ack_to_decision_p99_ms <= 1000 &&
           (o.rate <= 0 || static_cast<double>(live.sent) / elapsed_s >= 0.95 * o.rate));
  } else {
    for (const char* key : {"processed_p99_ms", "lost", "double", "out_of_order", "decided_p99_ms",
                            "ack_to_decision_p99_ms", "undecided", "keeps_up"}) {
      w.Key(key);
      w.Null();
    }
  }
  if (cost && cost->messages > 0) {
    auto per_message = [&](double v) { return v / static_cast<double>(cost->messages); };
    w.Key("per_message");
    w.StartObject();
    number("machine_cpu_ms", per_message(cost->total.machine_cpu_s * 1000));
    number("node_cpu_ms", per_message(cost->total.node_cpu_s * 1000));
    number("postgres_cpu_ms", per_message(cost->total.postgres_cpu_s * 1000));
    number("wal_records", per_message(static_cast<double>(cost->total.wal_records)));
    number("wal_bytes", per_message(static_cast<double>(cost->total.wal_bytes)));
    w.EndObject();
  } else {
    w.Key("per_message");
    w.Null();
  }
  w.EndObject();
  std::printf("%s\n", buf.GetString());
  std::fflush(stdout);
}

}  // namespace

int run_ingest(const ingest_options& options) {
  auto where = parse_url(options.url);
  if (!where) {
    std::fprintf(stderr, "ingest: --url %s: expected http://host:port\n", options.url.c_str());
    return 2;
  }
  load_plan plan{*where, options, make_run_id(), {}, {}};
  if (plan.options.customers < plan.options.connections) {
    std::fprintf(stderr, "ingest: raising --customers to %d (one per connection at least)\n",
                 plan.options.connections);
    plan.options.customers = plan.options.connections;
  }
  if (options.database_url.empty()) {
    std::fprintf(stderr, "ingest: no --database-url or DATABASE_URL: skipping the checks\n");
  }
  std::fprintf(stderr, "ingest: run %s, %d connections for %.1f s to %s:%u%s\n",
               plan.run_id.c_str(), options.connections, options.duration_s, where->host.c_str(),
               where->port, where->path.c_str());

  // The photo of media events, served on loopback the way Builderbot serves its temporary files.
  std::unique_ptr<testkit::fake_builderbot> files;
  if (options.media_share > 0) {
    files = std::make_unique<testkit::fake_builderbot>("bench", "bench");
    files->add_file("photo.jpg", "image/jpeg", "\xff\xd8\xff\xe0" + std::string(20000, 'j'));
    plan.media_url = files->file_url("photo.jpg");
  }

  std::optional<cost_meter> meter;
  std::optional<cost_reading> before;
  if (!options.database_url.empty()) {
    meter.emplace(options.database_url, options.server_pids);
    before = meter->read();
  }
  live_counters live;
  std::vector<worker_result> results(static_cast<size_t>(options.connections));
  auto start = steady::now();
  plan.start = start;
  plan.deadline = start + std::chrono::duration_cast<steady::duration>(
                              std::chrono::duration<double>(options.duration_s));
  std::vector<std::thread> workers;
  for (int i = 0; i < options.connections; ++i) {
    workers.emplace_back(run_worker, std::cref(plan), i, std::ref(live), std::ref(results[i]));
  }
  while (steady::now() < plan.deadline) {
    std::this_thread::sleep_for(
        std::min<steady::duration>(std::chrono::seconds(1), plan.deadline - steady::now()));
    print_progress(live, std::chrono::duration<double>(steady::now() - start).count());
  }
  for (auto& t : workers) t.join();
  double elapsed_s = std::chrono::duration<double>(steady::now() - start).count();

  std::vector<double> latency_ms;
  std::vector<acked_event> acked;
  std::map<std::string, int64_t> error_kinds;
  int64_t repeat_accepted = 0;
  int64_t unique_duplicate = 0;
  for (auto& r : results) {
    latency_ms.insert(latency_ms.end(), r.latency_ms.begin(), r.latency_ms.end());
    acked.insert(acked.end(), r.acked.begin(), r.acked.end());
    for (const auto& [kind, n] : r.error_kinds) error_kinds[kind] += n;
    repeat_accepted += r.repeat_accepted;
    unique_duplicate += r.unique_duplicate;
  }
  for (const auto& [kind, n] : error_kinds) {
    std::fprintf(stderr, "ingest: error %s: %lld\n", kind.c_str(), static_cast<long long>(n));
  }
  if (repeat_accepted + unique_duplicate > 0) {
    std::fprintf(stderr,
                 "ingest: repeats accepted again: %lld; unique events called duplicate: %lld\n",
                 static_cast<long long>(repeat_accepted), static_cast<long long>(unique_duplicate));
  }

  std::optional<ingest_check> check;
  std::optional<cost_per_message> cost;
  if (meter) {
    auto settled = [&] {
      cost = cost_per_message{cost_meter::between(*before, meter->read()),
                              static_cast<int64_t>(acked.size())};
    };
    check = check_ingest(options.database_url, acked, 30.0, settled);
    // A repeat accepted as a new event is a message stored twice.
    if (check) check->doubled += repeat_accepted;
  }
  print_report(options, live, elapsed_s, summarize(std::move(latency_ms)), check, cost);
  if (!options.database_url.empty() && !check) return 2;
  bool clean = !check || (check->lost == 0 && check->doubled == 0 && check->out_of_order == 0);
  return clean ? 0 : 1;
}

}  // namespace centralita::bench
