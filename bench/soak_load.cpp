// Requests are sent on a schedule (start + k / rate), not as fast as answers come back, so a
// slower server shows as longer latencies rather than as less load.
#include "bench/soak_load.hpp"

#include <rapidjson/document.h>

#include <array>
#include <cstdio>
#include <thread>

#include "bench/sign_in.hpp"
#include "tests/support/http_client.hpp"

namespace centralita::bench {

namespace {

using steady = std::chrono::steady_clock;

double ms_since(steady::time_point t) {
  return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

steady::time_point at(steady::time_point start, int64_t k, double rate) {
  return start + std::chrono::duration_cast<steady::duration>(
                     std::chrono::duration<double>(static_cast<double>(k) / rate));
}

std::string phone_of(int customer) {
  std::array<char, 24> buf{};
  std::snprintf(buf.data(), buf.size(), "52188%07d", customer);
  return buf.data();
}

// Customer `index % customers`, message `index / customers + 1` of theirs, as the ingest bench's
// database check counts them (by the acknowledged event ids).
std::string make_event(const webhook_plan& plan, const ws_run& run, int index) {
  const int customer = index % run.customers;
  const int seq = index / run.customers + 1;
  return R"({"eventName":"message.incoming","data":{"body":"bench run )" + plan.run_id +
         " customer " + std::to_string(customer) + " msg " + std::to_string(seq) + " " +
         run.marker + std::to_string(index) + R"(","name":"Soak Customer )" +
         std::to_string(customer) + R"(","from":")" + phone_of(customer) + R"(","attachment":[]}})";
}

double epoch_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Errors are counted; only the first few are shown, so a dead server doesn't flood the log.
void note_error(std::atomic<int64_t>& errors, const char* what, const std::string& detail) {
  if (errors++ < 5) std::fprintf(stderr, "soak: %s: %s\n", what, detail.c_str());
}

}  // namespace

void interval_latencies::add_ack(double ms) {
  std::lock_guard lock{mutex_};
  now_.ack_ms.push_back(ms);
}

void interval_latencies::add_api(double ms) {
  std::lock_guard lock{mutex_};
  now_.api_ms.push_back(ms);
}

interval_latencies::samples interval_latencies::take() {
  std::lock_guard lock{mutex_};
  samples out = std::move(now_);
  now_ = {};
  return out;
}

void run_webhook_sender(const webhook_plan& plan, ws_run& run, int s, soak_counters& counters,
                        interval_latencies& latencies, std::vector<acked_event>& acked) {
  testkit::http_connection conn{plan.gateway.host, plan.gateway.port, std::chrono::seconds(30)};
  const testkit::http_headers headers{{"Content-Type", "application/json"},
                                      {"X-Account-Key", plan.account_key}};
  const std::string path = plan.gateway.base + "/webhooks/builderbot/whatsapp";
  for (int i = s; i < run.events; i += plan.senders) {
    std::this_thread::sleep_until(at(plan.start, i, plan.rate));
    const std::string body = make_event(plan, run, i);
    ++counters.sent;
    const auto sent = steady::now();
    run.sent_ns[i].store(steady_ns(), std::memory_order_release);
    try {
      auto r = conn.request("POST", path, body, headers);
      latencies.add_ack(ms_since(sent));
      const auto event_id = json_string(r.body, "event_id");
      if (r.status == 200 && json_string(r.body, "status") == "accepted" && !event_id.empty()) {
        run.accepted[i] = 1;
        ++counters.accepted;
        acked.push_back({event_id, epoch_s(), i % run.customers, i / run.customers + 1});
      } else {
        note_error(counters.webhook_errors, "webhook",
                   "HTTP " + std::to_string(r.status) + " " + r.body);
      }
    } catch (const testkit::http_error& e) {
      note_error(counters.webhook_errors, "webhook", e.what());
    }
  }
}

std::optional<int64_t> create_soak_ticket(const http_target& api, const std::string& token,
                                          const std::string& run_id) {
  try {
    testkit::http_connection conn{api.host, api.port, std::chrono::seconds(10)};
    auto r = conn.request("POST", api.base + "/api/v1/tickets",
                          R"({"subject":"Soak )" + run_id + R"("})",
                          {{"Authorization", "Bearer " + token}});
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (r.status == 201 && d.IsObject() && d.HasMember("id") && d["id"].IsInt64()) {
      return d["id"].GetInt64();
    }
    std::fprintf(stderr, "soak: creating a ticket: HTTP %d %s\n", r.status, r.body.c_str());
  } catch (const testkit::http_error& e) {
    std::fprintf(stderr, "soak: creating a ticket: %s\n", e.what());
  }
  return std::nullopt;
}

void run_api_client(const api_plan& plan, int c, soak_counters& counters,
                    interval_latencies& latencies) {
  testkit::http_connection conn{plan.api.host, plan.api.port, std::chrono::seconds(30)};
  const testkit::http_headers auth{{"Authorization", "Bearer " + plan.token}};
  const std::string base = plan.api.base + "/api/v1";
  const std::string ticket = base + "/tickets/" + std::to_string(plan.ticket_id);
  constexpr std::array<const char*, 4> priorities = {"low", "normal", "high", "urgent"};
  std::vector<int64_t> conversations;  // ids from the latest list, the newest first
  // One request at a time per connection: several clients keep the schedule when answers are
  // slower than its interval.
  for (int64_t j = 0;; ++j) {
    const auto when = at(plan.start, j * plan.clients + c, plan.rate);
    if (when >= plan.deadline) return;
    std::this_thread::sleep_until(when);
    // Without a conversation yet, the conversation steps list the conversations instead.
    const int step = conversations.empty() && (j % 6 == 1 || j % 6 == 4) ? 0 : j % 6;
    const int64_t k = j / 6;  // the round of the cycle
    const std::string conv =
        conversations.empty()
            ? std::string{}
            : base + "/conversations/" +
                  std::to_string(conversations[static_cast<size_t>(k) % conversations.size()]);
    std::string method = "GET", target, body;
    switch (step) {
      case 0:
        target = base + "/conversations";
        break;
      case 1:
        target = conv;
        break;
      case 2:
        target = base + "/tickets";
        break;
      case 3:
        target = base + "/suggestions?status=pending";
        break;
      case 4:
        method = "POST";
        target = conv + "/messages";
        body = R"({"text":"Soak reply )" + std::to_string(c) + "." + std::to_string(k) +
               R"(: gracias por escribir."})";
        break;
      default:
        method = "PATCH";
        target = ticket;
        body = R"({"priority":")" + std::string{priorities[k % priorities.size()]} + "\"}";
    }
    ++counters.api_requests;
    const auto sent = steady::now();
    try {
      auto r = conn.request(method, target, body, auth);
      latencies.add_api(ms_since(sent));
      if (r.status / 100 != 2) {
        note_error(counters.api_errors, (method + " " + target).c_str(),
                   "HTTP " + std::to_string(r.status) + " " + r.body);
        continue;
      }
      if (step != 0) continue;
      rapidjson::Document d;
      d.Parse(r.body.c_str());
      if (!d.IsObject() || !d.HasMember("items") || !d["items"].IsArray()) continue;
      conversations.clear();
      for (const auto& item : d["items"].GetArray()) {
        if (item.IsObject() && item.HasMember("id") && item["id"].IsInt64()) {
          conversations.push_back(item["id"].GetInt64());
        }
      }
    } catch (const testkit::http_error& e) {
      note_error(counters.api_errors, (method + " " + target).c_str(), e.what());
    }
  }
}

}  // namespace centralita::bench
