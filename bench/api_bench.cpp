// The load half of `centralita-bench api`: each route is called in turn, one request at a time,
// so the figures are the server's latency at rest and not a queue's.
#include "bench/api_bench.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench/http_target.hpp"
#include "bench/stats.hpp"
#include "tests/support/http_client.hpp"

namespace centralita::bench {

namespace {

using steady = std::chrono::steady_clock;

/// One measured route: its name in the report and the target of its i-th request.
struct route {
  const char* name;
  std::function<std::string(int i)> target;
};

std::string pad8(int64_t k) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%08lld", static_cast<long long>(k));
  return buf.data();
}

// Name fragments as an agent types them (URL-encoded UTF-8), each matching 1-5% of customers.
constexpr std::array<const char*, 6> name_fragments = {
    "Hern%C3%A1n", "Gonz%C3%A1lez", "Valeria", "Tom%C3%A1s%20Cruz", "Ramos", "Pe%C3%B1a"};

std::string value_of(const std::string& body, const char* key) {
  rapidjson::Document d;
  d.Parse(body.data(), body.size());
  if (d.HasParseError() || !d.IsObject()) return {};
  auto it = d.FindMember(key);
  return it != d.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string{};
}

std::vector<route> routes_of(const std::string& base, const api_options& o, std::string& cursor) {
  const int64_t n = o.conversations > 0 ? o.conversations : 1;
  // The i-th seeded customer or conversation, scattered over the whole seed.
  auto nth = [n](int i) { return 1 + (static_cast<int64_t>(i) * 7919) % n; };
  const std::string conv = base + "/api/v1/conversations";
  return {
      {"conversations", [=](int) { return conv; }},
      {"conversations_open", [=](int) { return conv + "?status=open"; }},
      {"conversations_mine", [=](int) { return conv + "?assignee=me"; }},
      {"conversations_unassigned", [=](int) { return conv + "?assignee=none&status=open"; }},
      // Six digits of a seeded phone (52177 + 8 digits): one customer, or a few.
      {"conversations_q_phone", [=](int i) { return conv + "?q=" + pad8(nth(i)).substr(2); }},
      {"conversations_q_name",
       [=](int i) { return conv + "?q=" + name_fragments[i % name_fragments.size()]; }},
      // An order number in the message text: the full-text index.
      {"conversations_q_order",
       [=](int i) { return conv + "?q=CS" + std::to_string(100000 + nth(i)); }},
      {"conversations_q_open_mine", [=](int) { return conv + "?q=Garc%C3%ADa&status=open"; }},
      // Page after page down the whole inbox, starting again at the end.
      {"conversations_next_page",
       [conv, &cursor](int) { return conv + (cursor.empty() ? "" : "?cursor=" + cursor); }},
      {"tickets", [=](int) { return base + "/api/v1/tickets"; }},
      {"tickets_new", [=](int) { return base + "/api/v1/tickets?status=NEW"; }},
      {"suggestions_pending", [=](int) { return base + "/api/v1/suggestions?status=pending"; }},
      {"suggestions", [=](int) { return base + "/api/v1/suggestions"; }},
      {"events", [=](int) { return base + "/api/v1/events"; }},
      {"events_failed", [=](int) { return base + "/api/v1/events?status=failed"; }},
  };
}

}  // namespace

int run_api(const api_options& o) {
  auto where = parse_http_url(o.url);
  if (!where) {
    std::fprintf(stderr, "api: --url %s: expected http://host:port\n", o.url.c_str());
    return 2;
  }
  testkit::http_connection conn{where->host, where->port, std::chrono::seconds(30)};
  std::string token;
  try {
    auto r = conn.request("POST", where->base + "/api/v1/auth/login",
                          R"({"email":")" + o.email + R"(","password":")" + o.password + R"("})");
    token = value_of(r.body, "token");
    if (r.status != 200 || token.empty()) {
      std::fprintf(stderr, "api: login as %s: HTTP %d %s\n", o.email.c_str(), r.status,
                   r.body.c_str());
      return 2;
    }
  } catch (const testkit::http_error& e) {
    std::fprintf(stderr, "api: login: %s\n", e.what());
    return 2;
  }
  const testkit::http_headers auth{{"Authorization", "Bearer " + token}};

  std::string cursor;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("mode");
  w.String("api");
  w.Key("requests");
  w.Int(o.requests);
  w.Key("routes");
  w.StartObject();
  int64_t errors = 0;
  double worst_p99 = 0;
  for (const auto& r : routes_of(where->base, o, cursor)) {
    std::vector<double> ms;
    int64_t route_errors = 0;
    const int warmup = o.requests / 10;
    for (int i = 0; i < warmup + o.requests; ++i) {
      const std::string target = r.target(i);
      const auto start = steady::now();
      testkit::http_response answer;
      try {
        answer = conn.request("GET", target, {}, auth);
      } catch (const testkit::http_error& e) {
        std::fprintf(stderr, "api: %s: %s\n", target.c_str(), e.what());
        ++route_errors;
        continue;
      }
      const double took = std::chrono::duration<double, std::milli>(steady::now() - start).count();
      if (answer.status != 200) {
        if (route_errors == 0) {
          std::fprintf(stderr, "api: %s: HTTP %d %s\n", target.c_str(), answer.status,
                       answer.body.c_str());
        }
        ++route_errors;
        continue;
      }
      if (i >= warmup) ms.push_back(took);
      if (std::string{r.name} == "conversations_next_page") {
        cursor = value_of(answer.body, "next_cursor");
      }
    }
    const auto p = summarize(ms);
    worst_p99 = std::max(worst_p99, p.p99);
    errors += route_errors;
    std::fprintf(stderr, "api: %-28s p50 %7.2f ms  p99 %7.2f ms  errors %lld\n", r.name, p.p50,
                 p.p99, static_cast<long long>(route_errors));
    w.Key(r.name);
    w.StartObject();
    w.Key("p50_ms");
    w.Double(round3(p.p50));
    w.Key("p99_ms");
    w.Double(round3(p.p99));
    w.Key("errors");
    w.Int64(route_errors);
    w.EndObject();
  }
  w.EndObject();
  w.Key("worst_p99_ms");
  w.Double(round3(worst_p99));
  w.Key("errors");
  w.Int64(errors);
  w.EndObject();
  std::printf("%s\n", buf.GetString());
  std::fflush(stdout);
  return errors == 0 ? 0 : 1;
}

}  // namespace centralita::bench
