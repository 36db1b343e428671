#include "actors/live_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include "actors/event_bus.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "storage/live_event_repo.hpp"
#include "storage/pg.hpp"
#include "storage/pg_connect.hpp"

namespace centralita::actors {

namespace {

// How long the thread sleeps in poll() at most (and so how soon stop() is seen).
constexpr int wait_ms = 200;
// The safety net: every tenant's counter is compared with what was handed out this often.
constexpr auto counters_every = std::chrono::seconds(1);
constexpr auto reconnect_every = std::chrono::seconds(1);
// Events read back in one statement; the rest follow at the next wake.
constexpr int max_read_rows = 20000;

using highest_seqs = std::vector<std::pair<int64_t, int64_t>>;

}  // namespace

/// The LISTEN session: one libpq connection, used by the listener's thread only.
struct live_listener::session {
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn{nullptr, &PQfinish};

  bool connected() const { return conn && PQstatus(conn.get()) == CONNECTION_OK; }

  status open(const std::string& url) {
    conn.reset(storage::connect_pg(url, "centralita-live"));
    if (!connected()) {
      conn.reset();
      return make_error(errc::unavailable, "database unavailable", "database_unavailable");
    }
    for (const char* channel : {storage::live_channel, storage::presence_channel}) {
      std::string listen = std::string{"LISTEN "} + channel;
      if (!query(listen.c_str(), {})) return make_error(errc::unavailable, "LISTEN failed");
    }
    return ok_status();
  }

  std::optional<storage::pg_result> query(const char* sql, const std::vector<std::string>& args) {
    std::vector<const char*> values;
    for (const auto& a : args) values.push_back(a.c_str());
    storage::pg_result r{PQexecParams(conn.get(), sql, static_cast<int>(values.size()), nullptr,
                                      values.data(), nullptr, nullptr, 0)};
    auto st = r.raw() ? PQresultStatus(r.raw()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      log::warn("events: live listener: {}", PQerrorMessage(conn.get()));
      if (!connected()) conn.reset();
      return std::nullopt;
    }
    return r;
  }

  // Every tenant's highest stored seq.
  std::optional<highest_seqs> counters() {
    auto r = query(storage::live_counters_sql, {});
    if (!r) return std::nullopt;
    highest_seqs out;
    for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->i64(i, 0), r->i64(i, 1));
    return out;
  }

  // Waits for notifications (at most wait_ms); each tenant's highest seq among them. Presence
  // payloads go to `presence` as they come.
  highest_seqs wait(const std::function<void(const std::string&)>& presence) {
    pollfd p{PQsocket(conn.get()), POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return {};
    if (PQconsumeInput(conn.get()) == 0) {
      log::warn("events: live listener lost its session: {}", PQerrorMessage(conn.get()));
      conn.reset();
      return {};
    }
    std::map<int64_t, int64_t> highest;
    while (PGnotify* n = PQnotifies(conn.get())) {
      if (std::strcmp(n->relname, storage::presence_channel) == 0) {
        presence(n->extra);
        PQfreemem(n);
        continue;
      }
      char* end = nullptr;
      auto tenant = std::strtoll(n->extra, &end, 10);
      auto seq = std::strtoll(end, nullptr, 10);
      if (tenant > 0 && seq > 0) highest[tenant] = std::max(highest[tenant], int64_t(seq));
      PQfreemem(n);
    }
    return {highest.begin(), highest.end()};
  }

  // Reads the events after `from` (tenant, handed-out seq) and gives them to `subs` in order.
  void read_back(const highest_seqs& from, subscriber_registry& subs) {
    static auto& read = metrics::registry::global().get_counter(
        "centralita_live_read_back_total", "Live events read back from the store for sockets");
    std::vector<int64_t> tenants, after;
    for (const auto& [t, seq] : from) {
      tenants.push_back(t);
      after.push_back(seq);
    }
    auto r = query(
        storage::live_read_back_sql,
        {storage::int_array(tenants), storage::int_array(after), std::to_string(max_read_rows)});
    if (!r) return;
    std::map<int64_t, std::vector<std::pair<int64_t, std::string>>> frames;
    for (int i = 0; i < r->rows(); ++i) {
      auto seq = r->i64(i, 1);
      frames[r->i64(i, 0)].emplace_back(seq, live_frame(seq, r->str(i, 2), r->str(i, 3)));
    }
    read.inc(static_cast<uint64_t>(r->rows()));
    for (auto& [tenant, list] : frames) {
      subs.publish(tenant, std::make_shared<const live_batch>(make_live_batch(list)), true);
    }
  }
};

live_listener::live_listener(std::string database_url,
                             std::shared_ptr<subscriber_registry> subscribers, std::string node_id)
    : url_(std::move(database_url)),
      subscribers_(std::move(subscribers)),
      node_id_(std::move(node_id)),
      session_(std::make_unique<session>()) {}

void live_listener::on_presence(presence_sink sink) {
  std::lock_guard<std::mutex> lock{presence_mutex_};
  presence_ = std::move(sink);
}

// "<node id> <tenant id> <frame>" from another node: to this node's sockets of the tenant.
void live_listener::relay_presence(const std::string& payload) {
  auto first = payload.find(' ');
  if (first == std::string::npos || payload.compare(0, first, node_id_) == 0) return;
  auto second = payload.find(' ', first + 1);
  if (second == std::string::npos) return;
  char* end = nullptr;
  const auto tenant = std::strtoll(payload.c_str() + first + 1, &end, 10);
  if (tenant <= 0 || end != payload.c_str() + second) return;
  std::lock_guard<std::mutex> lock{presence_mutex_};
  if (presence_) presence_(tenant, payload.substr(second + 1));
}

live_listener::~live_listener() { stop(); }

status live_listener::start() {
  if (auto s = session_->open(url_); !s) return s;
  auto highest = session_->counters();
  if (!highest) return make_error(errc::unavailable, "database unavailable");
  subscribers_->behind(*highest);
  thread_ = std::thread([this] { run(); });
  return ok_status();
}

void live_listener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void live_listener::run() {
  auto& s = *session_;
  auto next_check = std::chrono::steady_clock::now() + counters_every;
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    if (!s.connected()) {
      if (s.open(url_)) {
        log::info("events: live listener reconnected");
        next_check = now;  // what was stored meanwhile is read back at once
      } else {
        std::this_thread::sleep_for(reconnect_every);
        continue;
      }
    }
    highest_seqs woken = s.wait([this](const std::string& p) { relay_presence(p); });
    if (std::chrono::steady_clock::now() >= next_check) {
      if (auto all = s.counters()) woken = std::move(*all);
      next_check = std::chrono::steady_clock::now() + counters_every;
    }
    if (woken.empty()) continue;
    auto from = subscribers_->behind(woken);
    if (!from.empty() && s.connected()) s.read_back(from, *subscribers_);
  }
}

}  // namespace centralita::actors
