// Faults under load, from the outside: PostgreSQL frozen (SIGSTOP) under webhooks and API reads,
// and a send provider that accepts connections and never answers. Every request must get an
// answer within the server's request timeout plus a margin, /healthz must keep answering (no
// thread hung), and the server must come back by itself. No timing is asserted beyond those
// generous deadlines. The data directory filling up is in faults_disk_test.cpp.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/server/api_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/pg_cluster.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

// CENTRALITA_REQUEST_TIMEOUT_MS of these servers, and how long a client waits for any answer.
constexpr auto request_timeout = 3s;
constexpr auto answer_deadline = request_timeout + 5s;

/// One request made by a probe, and how it ended.
struct sample {
  std::string kind;  ///< webhook | api | healthz
  std::string body;  ///< the webhook's text
  steady::time_point sent, answered;
  int status = 0;  ///< 0: no answer within answer_deadline
  bool retry_after = false;
  std::string detail;  ///< the answer's body, or why there was none
};

/// Threads that keep sending webhooks, API reads and /healthz, each waiting at most
/// answer_deadline for every answer, until finish() (joined on destruction too).
class probes {
 public:
  probes(uint16_t api, uint16_t gateway, std::string token) : token_(std::move(token)) {
    for (int t = 0; t < 2; ++t) {
      threads_.emplace_back([this, gateway, t] { run("webhook", gateway, t); });
    }
    threads_.emplace_back([this, api] { run("api", api, 0); });
    threads_.emplace_back([this, api] { run("healthz", api, 0); });
  }
  ~probes() { finish(); }
  /// Stops the threads; samples() is complete after this.
  void finish() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  /// Everything sent so far.
  std::vector<sample> samples() {
    std::lock_guard<std::mutex> lock{mutex_};
    return samples_;
  }

 private:
  void run(const std::string& kind, uint16_t port, int t) {
    http_connection conn{"127.0.0.1", port, answer_deadline};
    for (int k = 0; !stop_; ++k) {
      sample s{kind, "probe-" + std::to_string(t) + "-" + std::to_string(k)};
      s.sent = steady::now();
      try {
        http_response r;
        if (kind == "webhook") {
          r = post_builderbot(conn, incoming_body("5215550000" + std::to_string(10 + t), s.body));
        } else if (kind == "api") {
          r = conn.request("GET", "/api/v1/conversations?limit=5", {}, bearer(token_));
        } else {
          r = conn.request("GET", "/healthz");
        }
        s.status = r.status;
        s.retry_after = !r.header("retry-after").empty();
        s.detail = r.body;
      } catch (const http_error& e) {
        s.detail = std::string{"no answer: "} + e.what();
      }
      s.answered = steady::now();
      {
        std::lock_guard<std::mutex> lock{mutex_};
        samples_.push_back(s);
      }
      std::this_thread::sleep_for(kind == "healthz" ? 200ms : 50ms);
    }
  }

  std::string token_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<sample> samples_;
  std::vector<std::thread> threads_;
};

/// The event id of an `accepted` webhook answer, or "".
std::string accepted_event(const std::string& body) {
  if (!contains(body, R"("status":"accepted")")) return {};
  auto d = parse_json(body);
  return d.IsObject() && d.HasMember("event_id") ? d["event_id"].GetString() : "";
}

/// `'a','b'` for an SQL IN list of plain texts.
std::string sql_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "'" : ",'") + i + "'";
  return out.empty() ? "''" : out;
}

/// A TCP listener on 127.0.0.1 that accepts every connection and then neither reads nor
/// writes: a provider that hangs after the handshake. Closes everything on destruction.
class silent_listener {
 public:
  silent_listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("silent_listener: cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { accept_loop(); }};
  }
  ~silent_listener() {
    stop_ = true;
    thread_.join();
    for (int fd : accepted_) ::close(fd);
    ::close(fd_);
  }
  silent_listener(const silent_listener&) = delete;
  silent_listener& operator=(const silent_listener&) = delete;

  /// `http://127.0.0.1:<port>`.
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Connections accepted so far.
  int accepted() const { return count_.load(); }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int fd = ::accept(fd_, nullptr, nullptr);
      if (fd < 0) continue;
      accepted_.push_back(fd);  // held open, never read: only this thread touches the list
      ++count_;
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> count_{0};
  std::vector<int> accepted_;
  std::thread thread_;
};

}  // namespace

TEST_CASE(
    "faults: with PostgreSQL frozen every request is answered in time and the server "
    "recovers",
    "[server][faults][pg]") {
  local_cluster pg;
  pg.migrate_and_seed();
  server_process server{pg.url(), {{"CENTRALITA_REQUEST_TIMEOUT_MS", "3000"}}};
  const auto token = login(server.api_port(), "agent@demo.com");
  http_connection gateway{"127.0.0.1", server.gateway_port(), answer_deadline};
  std::vector<std::string> acknowledged;  // event ids answered `accepted`
  for (int i = 0; i < 3; ++i) {
    auto id = accepted_event(
        post_builderbot(gateway, incoming_body("5215550000001", "before-" + std::to_string(i)))
            .body);
    REQUIRE_FALSE(id.empty());
    acknowledged.push_back(id);
  }

  probes load{server.api_port(), server.gateway_port(), token};
  std::this_thread::sleep_for(1s);
  pg.pause();
  const auto paused_at = steady::now();  // after every process of the cluster is frozen
  std::this_thread::sleep_for(20s);
  const auto resumed_at = steady::now();
  pg.resume();
  std::this_thread::sleep_for(2s);
  load.finish();
  REQUIRE(server.process().running());

  int no_answer = 0, unexpected = 0, healthz_in_pause = 0, refused_in_pause = 0;
  std::string first_wrong;
  for (const auto& s : load.samples()) {
    const bool in_pause = s.sent >= paused_at && s.answered <= resumed_at;
    const bool refused = s.status == 503 && s.retry_after;
    bool right = false;
    if (s.kind == "healthz") {
      right = s.status == 200;
      healthz_in_pause += in_pause && right;
    } else if (s.kind == "api") {
      right = s.status == 200 || refused;
      refused_in_pause += in_pause && refused;
    } else {
      auto id = accepted_event(s.detail);
      if (s.status == 200 && !id.empty()) acknowledged.push_back(id);
      // Nothing can be committed while the database is frozen, so nothing may be acknowledged.
      right = refused || (s.status == 200 && !id.empty() && !in_pause);
      refused_in_pause += in_pause && refused;
    }
    no_answer += s.status == 0;
    if (!right) {
      ++unexpected;
      if (first_wrong.empty())
        first_wrong = s.kind + " " + s.body + ": " + std::to_string(s.status) + " " + s.detail;
    }
  }
  INFO("first wrong answer: " << first_wrong << "\nserver log:\n" << server.process().log());
  CHECK(no_answer == 0);
  CHECK(unexpected == 0);
  CHECK(healthz_in_pause >= 20);  // one every 200 ms, while 20 s passed
  CHECK(refused_in_pause > 0);

  // Back by itself: webhooks are accepted again (a provider retries a 503), reads answer.
  for (int i = 0; i < 5; ++i) {
    const auto text = "after-" + std::to_string(i);
    std::string id;
    bool delivered = eventually(
        [&] {
          auto r = post_builderbot(gateway, incoming_body("5215550000002", text));
          id = accepted_event(r.body);
          return !id.empty() || contains(r.body, R"("status":"duplicate")");
        },
        30s);
    REQUIRE(delivered);
    if (!id.empty()) acknowledged.push_back(id);
  }
  CHECK(wait_for_http_ok(server.api_port(), "/readyz", 20s));
  http_connection api{"127.0.0.1", server.api_port(), answer_deadline};
  CHECK(eventually([&] {
    return api.request("GET", "/api/v1/conversations?limit=5", {}, bearer(token)).status == 200;
  }));

  // Nothing acknowledged is lost: every accepted event is in the log and gets processed.
  auto db = centralita::storage::pg_connection::open(pg.url());
  REQUIRE(db);
  const auto want = std::to_string(acknowledged.size());
  const auto ids = "event_id IN (" + sql_list(acknowledged) + ")";
  CHECK(query_value(*db, "SELECT count(*) FROM event_log WHERE " + ids) == want);
  CHECK(wait_for_value(*db, "SELECT count(*) FROM event_log WHERE status = 'processed' AND " + ids,
                       want, 30s) == want);
  CHECK(server.process().running());
}

TEST_CASE(
    "faults: a provider that accepts and never answers backs its sends off and starves "
    "no thread",
    "[server][faults][pg]") {
  silent_listener provider;
  test_database database{db_contents::seeded};
  server_process server{database.url(),
                        {{"BUILDERBOT_API_URL", provider.url()},
                         {"BUILDERBOT_API_KEY", "bb-silent-key"},
                         {"BUILDERBOT_BOT_ID", "bot-silent"},
                         {"BUILDERBOT_CONNECT_TIMEOUT_MS", "500"},
                         {"BUILDERBOT_TIMEOUT_MS", "500"},
                         {"CENTRALITA_OUTBOX_BACKOFF_MS", "200"},
                         {"CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "1000"},
                         {"CENTRALITA_OUTBOX_SWEEP_MS", "100"},
                         {"CENTRALITA_OUTBOX_MAX_ATTEMPTS", "100"},
                         {"CENTRALITA_OUTBOX_LEASE_S", "3"},
                         {"CENTRALITA_REQUEST_TIMEOUT_MS", "3000"}}};
  auto sql = database.connect();
  const auto token = login(server.api_port(), "agent@demo.com");
  http_connection api{"127.0.0.1", server.api_port(), answer_deadline};

  // Replies in several Builderbot conversations, so that every sender meets the silent provider.
  auto conversations = query_value(
      sql,
      "SELECT string_agg(id::text, ',') FROM (SELECT c.id FROM conversations c JOIN tenants t "
      "ON t.id = c.tenant_id LEFT JOIN channel_accounts a ON a.id = c.channel_account_id "
      "WHERE t.slug = 'demo' AND coalesce(a.provider, '') <> 'whatsapp_cloud' ORDER BY c.id "
      "LIMIT 8) x");
  std::vector<std::string> replies;
  for (size_t from = 0; from < conversations.size();) {
    auto to = conversations.find(',', from);
    if (to == std::string::npos) to = conversations.size();
    auto r = api.request(
        "POST", "/api/v1/conversations/" + conversations.substr(from, to - from) + "/messages",
        R"({"text":"nunca llega"})", bearer(token));
    replies.push_back(created_id(r));
    from = to + 1;
  }
  REQUIRE(replies.size() >= 2);
  const auto rows = "FROM outbox WHERE message_id IN (" + sql_list(replies) + ")";
  const auto all = std::to_string(replies.size());

  probes load{server.api_port(), server.gateway_port(), token};
  // Each row is tried, times out, and waits for its next attempt: attempts grow, never sent.
  bool backed_off = eventually(
      [&] { return query_value(sql, "SELECT count(*) " + rows + " AND attempts >= 3") == all; },
      60s);
  load.finish();
  INFO("outbox: " << query_value(sql,
                                 "SELECT string_agg(status || ' ' || attempts || ' ' || "
                                 "coalesce(last_error, ''), '; ') " +
                                     rows)
                  << "\nserver log:\n"
                  << server.process().log());
  CHECK(backed_off);
  CHECK(provider.accepted() >= 3 * static_cast<int>(replies.size()));
  CHECK(query_value(sql, "SELECT count(*) " + rows + " AND status IN ('sent', 'failed', 'dead')") ==
        "0");
  // Each failure put the next attempt at least half the first backoff (100 ms) later.
  CHECK(query_value(sql, "SELECT count(*) " + rows +
                             " AND next_attempt_at < updated_at + interval '100 ms'") == "0");

  // Meanwhile every probe was answered at once: webhooks accepted, reads and /healthz 200.
  std::vector<std::string> bodies;
  int wrong = 0;
  std::string first_wrong;
  for (const auto& s : load.samples()) {
    bool right = s.status == 200 && (s.kind != "webhook" || !accepted_event(s.detail).empty());
    if (s.kind == "webhook" && right) bodies.push_back(s.body);
    if (!right && ++wrong == 1) first_wrong = s.kind + ": " + std::to_string(s.status) + s.detail;
  }
  INFO("first wrong answer: " << first_wrong);
  CHECK(wrong == 0);
  CHECK(bodies.size() >= 10);
  const auto stored = std::to_string(bodies.size());
  CHECK(wait_for_value(sql,
                       "SELECT count(*) FROM messages WHERE body IN (" + sql_list(bodies) + ")",
                       stored) == stored);
  CHECK(server.process().running());
}
