#include "bench/actors_bench.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "actors/context.hpp"
#include "actors/conversation_actor.hpp"

namespace centralita::bench {

namespace {
// Resident set size of this process, in bytes (from /proc/self/statm).
double rss_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * 4096.0;
}
}  // namespace

int run_actors(int count) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", size_t{2});
  cfg.set("scheduler.policy", caf::atom("sharing"));
  caf::actor_system sys{cfg};
  auto ctx = std::make_shared<actors::node_context>(config::settings{});
  caf::scoped_actor tenant{sys};

  double before = rss_bytes();
  auto started = std::chrono::steady_clock::now();
  std::vector<caf::actor> live;
  live.reserve(static_cast<size_t>(count));
  // The tenant actor's map holds the key and the handle of each; the keys look like phones.
  for (int i = 0; i < count; ++i) {
    live.push_back(sys.spawn(actors::conversation_actor, ctx,
                             "phone:52155" + std::to_string(10000000 + i),
                             caf::actor_cast<caf::actor>(tenant)));
  }
  double spawn_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double after = rss_bytes();
  std::printf(
      "{\"mode\":\"actors\",\"actors\":%d,\"live\":%lld,\"spawn_s\":%.3f,\"rss_before_mib\":%.1f,"
      "\"rss_after_mib\":%.1f,\"rss_added_mib\":%.1f,\"bytes_per_actor\":%.0f}\n",
      count, static_cast<long long>(ctx->counters.conversations.load()), spawn_s,
      before / 1048576.0, after / 1048576.0, (after - before) / 1048576.0,
      (after - before) / count);
  for (auto& a : live) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  live.clear();
  return 0;
}

}  // namespace centralita::bench
