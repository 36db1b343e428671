#include "net/server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "actors/node.hpp"
#include "common/fd_limit.hpp"
#include "common/ids.hpp"
#include "common/log.hpp"
#include "net/access_control.hpp"
#include "net/api_auth.hpp"
#include "net/api_policy.hpp"
#include "net/http_server.hpp"
#include "net/presence.hpp"
#include "net/routes.hpp"
#include "net/static_files.hpp"
#include "net/tenant_handlers.hpp"

namespace centralita::net {

namespace asio = boost::asio;

namespace {
constexpr auto in_flight_grace = std::chrono::seconds(10);
// How long a drain waits for the dashboards to answer their sockets' close.
constexpr auto sockets_grace = std::chrono::seconds(2);

// JWT_SECRET, or (when unset) 32 random bytes: tokens then die with the process.
std::string jwt_secret(const config::settings& s) {
  if (!s.jwt_secret.empty()) return s.jwt_secret;
  log::warn(
      "configuration JWT_SECRET: unset; using a random secret, so sign-ins end when the "
      "process stops (set JWT_SECRET to keep them)");
  return random_hex(32);
}

// `GET /ws` on the node's live events. `alive` turns false before the node goes away: sockets
// still held by the io_context are destroyed after it and must not call it.
live_feed live_feed_for(actors::node& node, std::string secret,
                        std::shared_ptr<std::atomic<bool>> alive,
                        std::shared_ptr<access_control> access) {
  live_feed feed;
  feed.authorize = [secret](const std::string& token) -> std::optional<int64_t> {
    auto who = verify_jwt(token, secret, unix_now());
    if (!who) return std::nullopt;
    return who->tenant_id;
  };
  feed.user_of = [secret](const std::string& token) -> std::optional<int64_t> {
    auto who = verify_jwt(token, secret, unix_now());
    if (!who) return std::nullopt;
    return who->user_id;
  };
  // A socket's session is checked as a request's is (net/api_auth.hpp), on a database worker,
  // and watched until it ends (docs/architecture.md, invariant 12).
  feed.admit = [&node, alive, access, secret](const std::string& token,
                                              std::function<void(ws_admission)> done,
                                              std::function<void()> end) -> uint64_t {
    auto who = verify_jwt(token, secret, unix_now());
    if (!who) {
      done(ws_admission::refused);
      return 0;
    }
    const uint64_t id = access->watch_socket(who->tenant_id, who->user_id, std::move(end));
    if (!*alive) {
      done(ws_admission::unavailable);
      return id;
    }
    node.run_db([who = std::move(*who), done = std::move(done)](
                    const std::optional<error>& failed, storage::pg_connection* db) mutable {
      if (failed || db == nullptr) return done(ws_admission::unavailable);
      auto s = check_session(*db, who);
      done(s                                      ? ws_admission::admitted
           : s.error().code == errc::unauthorized ? ws_admission::refused
                                                  : ws_admission::unavailable);
    });
    return id;
  };
  feed.forget = [access](uint64_t id) { access->unwatch_socket(id); };
  feed.subscribe = [&node, alive](int64_t tenant, live_batch_sink push) {
    return *alive ? node.subscribe(tenant, std::move(push)) : uint64_t{0};
  };
  feed.unsubscribe = [&node, alive](uint64_t id) {
    if (*alive) node.unsubscribe(id);
  };
  feed.share_presence = [&node, alive](int64_t tenant, const std::string& frame) {
    if (*alive) node.share_presence(tenant, frame);
  };
  feed.replay = [&node, alive](int64_t tenant, int64_t after,
                               std::function<void(std::vector<std::string>, bool)> done) {
    if (*alive) node.replay(tenant, after, std::move(done));
  };
  return feed;
}

server_limits limits_from(const config::settings& s) {
  server_limits l;
  l.read_timeout = std::chrono::milliseconds(s.read_timeout_ms);
  l.idle_timeout = std::chrono::milliseconds(s.idle_timeout_ms);
  l.request_timeout = std::chrono::milliseconds(s.request_timeout_ms);
  // A call's recording arrives base64 in one webhook: minutes of MP3 are megabytes.
  // An agent's attachment is the raw file, up to the media cap.
  l.route_body_limits = {
      {"/webhooks/elevenlabs/post-call", static_cast<size_t>(s.call_body_max_bytes)},
      {"/api/v1/conversations/{id}/attachments", static_cast<size_t>(s.media_max_bytes)}};
  return l;
}
}  // namespace

int serve(const config::settings& settings) {
  if (settings.database_url.empty()) {
    log::error("configuration DATABASE_URL: is required to serve");
    return 1;
  }
  auto secret = jwt_secret(settings);
  // Each dashboard socket is a descriptor: thousands of them need more than the usual 1024.
  if (long fds = raise_fd_limit(); fds >= 0 && fds < 4096) {
    log::warn("centralita: the open-file limit is {}; that many sockets at most", fds);
  }
  // The io_contexts outlive the node, so callbacks still held by actors are destroyed first.
  // The webhooks have their own, so that a provider's request never queues behind the
  // dashboard's work (thousands of sockets taking a batch of live events).
  asio::io_context io{settings.io_threads};
  asio::io_context hooks_io{settings.gateway_io_threads};
  auto hooks_work = asio::make_work_guard(hooks_io);
  actors::node node{settings};
  if (auto s = node.start(); !s) {
    log::error("start: {}", s.error().message);
    return 1;
  }

  auto node_alive = std::make_shared<std::atomic<bool>>(true);
  auto access = std::make_shared<access_control>();
  auto feed = live_feed_for(node, secret, node_alive, access);
  presence_keeper presence{io, node, access, settings.presence_away_s, node_alive};
  presence.start();
  auto api_routes = std::make_shared<router>();
  api_routes->set_fallback(static_files_handler(static_site{settings.web_dir}));
  if (!std::filesystem::is_regular_file(std::filesystem::path{settings.web_dir} / "index.html")) {
    log::warn("configuration CENTRALITA_WEB_DIR: no index.html in {}; the dashboard is off",
              settings.web_dir);
  }
  auto gateway_routes = std::make_shared<router>();
  build_routes(*api_routes, *gateway_routes, node, settings, std::move(secret), access);

  // Suspensions made on other nodes (docs/architecture.md, invariant 12).
  asio::steady_timer tenant_timer{io};
  std::function<void()> poll_tenants = [&] {
    tenant_timer.expires_after(tenant_poll);
    tenant_timer.async_wait([&](auto ec) {
      if (ec) return;
      load_suspended_tenants(node, access, true);
      poll_tenants();
    });
  };
  poll_tenants();

  auto limits = limits_from(settings);
  http_server api{io, "api", api_routes, limits};
  http_server gateway{hooks_io, "gateway", gateway_routes, limits};
  api.set_policy(api_policy(settings.cors_origin));
  api.set_live_feed(std::move(feed));
  // Other nodes' presence frames reach this node's sockets (cleared before `api` goes away).
  node.on_presence(
      [&api](int64_t tenant, const std::string& frame) { api.deliver_presence(tenant, frame); });
  for (auto [srv, port] : {std::pair{&api, settings.api_port}, {&gateway, settings.gateway_port}}) {
    if (auto s = srv->listen(settings.bind, port); !s) {
      log::error("start: {}", s.error().message);
      return 1;
    }
  }
  log::info("centralita: API on http://{}:{}, webhooks on http://{}:{}", settings.bind, api.port(),
            settings.bind, gateway.port());

  // Stop: no new connections, let in-flight requests finish (bounded), then the actors.
  std::atomic<bool> stopping{false};
  asio::steady_timer grace{io};
  auto deadline = std::chrono::steady_clock::now();
  auto sockets_deadline = deadline;
  std::function<void()> wait_idle = [&] {
    const auto now = std::chrono::steady_clock::now();
    // Sockets get a moment for their close frame (most peers answer it at once).
    const bool sockets_done = api.open_sockets() == 0 || now > sockets_deadline;
    if ((api.in_flight() + gateway.in_flight() == 0 && sockets_done) || now > deadline) {
      hooks_work.reset();
      hooks_io.stop();
      io.stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(20));
    grace.async_wait([&](auto) { wait_idle(); });
  };
  auto begin_stop = [&](const char* why) {
    if (stopping.exchange(true)) return;
    log::info("centralita: stopping ({})", why);
    // A drain (docs/architecture.md, "Cluster"): out of rotation, no new connections, the
    // dashboards sent to another node at once, then what was acknowledged is finished.
    node.drain();
    api.stop_accepting();
    gateway.stop_accepting();
    if (auto n = api.open_sockets(); n > 0) log::info("centralita: closing {} socket(s)", n);
    api.close_sockets();
    tenant_timer.cancel();
    presence.stop();
    deadline = std::chrono::steady_clock::now() + in_flight_grace;
    sockets_deadline = std::chrono::steady_clock::now() + sockets_grace;
    wait_idle();
  };
  asio::signal_set signals{io, SIGINT, SIGTERM};
  signals.async_wait([&](auto ec, int sig) {
    if (!ec) begin_stop(sig == SIGINT ? "SIGINT" : "SIGTERM");
  });
  int exit_status = 0;
  node.on_escalation([&] {
    exit_status = 2;
    asio::post(io, [&] { begin_stop("restart intensity exceeded"); });
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < settings.io_threads; ++i) threads.emplace_back([&] { io.run(); });
  for (int i = 0; i < settings.gateway_io_threads; ++i)
    threads.emplace_back([&] { hooks_io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  node.on_presence({});
  *node_alive = false;
  node.shutdown();
  log::info("centralita: stopped");
  return exit_status;
}

}  // namespace centralita::net
