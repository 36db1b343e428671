#include "actors/root_supervisor.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "actors/messages.hpp"
#include "common/metrics.hpp"

using namespace centralita;
using namespace centralita::actors;

namespace {

// A child that answers pings and throws when told to crash.
caf::behavior crashy(caf::event_based_actor* self) {
  return {
      [](ping_atom) { return std::string{"pong"}; },
      [](crash_atom) -> std::string { throw std::runtime_error("crash requested"); },
  };
}

child_spec crashy_spec() {
  return {"crashy", 0, [](caf::local_actor* sup) { return sup->spawn(crashy); }};
}

// Waits until the directory holds a live handle other than `old`.
caf::actor wait_for_new_handle(node_context& ctx, const caf::actor& old) {
  for (int i = 0; i < 200; ++i) {
    auto h = ctx.handles.get("crashy", 0);
    if (h && h != old) return h;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return {};
}

// An actor system and a node context whose supervisor allows `intensity` restarts within
// `window_s` seconds; the node's escalations are counted.
struct supervised_node {
  supervised_node(int intensity, int window_s) {
    config::settings settings;
    settings.restart_intensity = intensity;
    settings.restart_window_s = window_s;
    ctx = std::make_shared<node_context>(settings);
    ctx->escalate = [this] { ++escalations; };
  }
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<node_context> ctx;
  std::atomic<int> escalations{0};
};

std::string ping(caf::scoped_actor& self, const caf::actor& target) {
  std::string answer;
  self->request(target, std::chrono::seconds(5), ping_atom::value)
      .receive([&](const std::string& s) { answer = s; }, [&](caf::error&) { answer = "error"; });
  return answer;
}

}  // namespace

TEST_CASE("a child that throws is restarted and serves again", "[actors]") {
  const config::settings defaults;
  supervised_node node{defaults.restart_intensity, defaults.restart_window_s};
  auto& ctx = node.ctx;
  auto sup = node.sys.spawn(root_supervisor, ctx, std::vector<child_spec>{crashy_spec()});
  caf::scoped_actor self{node.sys};

  auto first = wait_for_new_handle(*ctx, caf::actor{});
  REQUIRE(first);
  CHECK(ping(self, first) == "pong");
  self->send(first, crash_atom::value);
  auto second = wait_for_new_handle(*ctx, first);
  REQUIRE(second);
  CHECK(ping(self, second) == "pong");
  self->send(sup, stop_atom::value);
}

TEST_CASE("too many restarts in the window escalate instead of looping", "[actors]") {
  supervised_node node{2, 60};
  auto& ctx = node.ctx;
  auto& escalations = node.escalations;
  auto sup = node.sys.spawn(root_supervisor, ctx, std::vector<child_spec>{crashy_spec()});
  caf::scoped_actor self{node.sys};

  caf::actor current = wait_for_new_handle(*ctx, caf::actor{});
  for (int crash = 0; crash < 3; ++crash) {
    REQUIRE(current);
    self->send(current, crash_atom::value);
    if (crash < 2) current = wait_for_new_handle(*ctx, current);
  }
  for (int i = 0; i < 200 && escalations == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(escalations == 1);
  self->send(sup, stop_atom::value);
}

namespace {

// A child that cannot start: it throws before it handles anything, on every restart, as the
// knowledge actor did on a snapshot of another database.
caf::behavior broken(caf::event_based_actor*) { throw std::runtime_error("cannot start"); }

// Its safe path.
caf::behavior safe(caf::event_based_actor*) {
  return {[](ping_atom) { return std::string{"safe"}; }};
}

}  // namespace

TEST_CASE("a child that keeps crashing ends on its safe path, listed and shown by /metrics",
          "[actors]") {
  supervised_node node{3, 3600};
  auto& ctx = node.ctx;
  auto& escalations = node.escalations;
  child_spec spec{"fragile", 0, [](caf::local_actor* sup) { return sup->spawn(broken); },
                  [](caf::local_actor* sup) { return sup->spawn(safe); }, "a safe path"};
  auto sup = node.sys.spawn(root_supervisor, ctx, std::vector<child_spec>{spec});
  caf::scoped_actor self{node.sys};

  // Three restarts of the broken start, then the safe path: the wait is bounded, not timed.
  std::string answer;
  for (int i = 0; i < 1000 && answer != "safe"; ++i) {
    if (auto h = ctx->handles.get("fragile", 0)) {
      self->request(h, std::chrono::seconds(1), ping_atom::value)
          .receive([&](const std::string& s) { answer = s; }, [&](caf::error&) {});
    }
    if (answer != "safe") std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(answer == "safe");
  CHECK(escalations == 0);
  CHECK(ctx->degraded.list() == std::vector<std::string>{"fragile"});
  CHECK(metrics::registry::global()
            .get_counter("centralita_actor_restarts_total", "Supervised actor restarts",
                         "actor=\"fragile\"")
            .value() == 4);
  const auto text = metrics::registry::global().render();
  CHECK(text.find("centralita_actor_degraded{actor=\"fragile\"} 1") != std::string::npos);
  self->send(sup, stop_atom::value);
}
