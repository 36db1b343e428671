#include "net/presence.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>

#include "actors/node.hpp"
#include "common/log.hpp"
#include "storage/presence_repo.hpp"

namespace centralita::net {

struct presence_keeper::impl : std::enable_shared_from_this<presence_keeper::impl> {
  impl(boost::asio::io_context& io, actors::node& n, std::shared_ptr<access_control> a, int away,
       std::shared_ptr<std::atomic<bool>> alive)
      : timer(io), node(n), access(std::move(a)), away_s(away), node_alive(std::move(alive)) {}

  boost::asio::steady_timer timer;
  actors::node& node;
  std::shared_ptr<access_control> access;
  int away_s;
  std::shared_ptr<std::atomic<bool>> node_alive;
  std::atomic<bool> stopped{false};

  // A third of the away time, so a missed refresh or two never makes anyone away.
  std::chrono::milliseconds period() const {
    return std::chrono::milliseconds(std::clamp(away_s * 1000 / 3, 300, 20000));
  }

  void touch(std::vector<int64_t> users, std::function<void()> then) {
    if (!*node_alive || users.empty()) return;
    node.run_db([users = std::move(users), then = std::move(then)](
                    const std::optional<error>& failed, storage::pg_connection* db) {
      if (failed || db == nullptr) return;  // the next refresh tries again
      if (auto s = storage::presence_repo{*db}.touch(users); !s) {
        log::warn("presence: refresh of {} user(s) failed: {}", users.size(), s.error().message);
        return;
      }
      if (then) then();
    });
  }

  void arm() {
    if (stopped) return;
    timer.expires_after(period());
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->stopped) return;
      self->touch(self->access->connected_users(), {});
      self->arm();
    });
  }
};

presence_keeper::presence_keeper(boost::asio::io_context& io, actors::node& node,
                                 std::shared_ptr<access_control> access, int away_s,
                                 std::shared_ptr<std::atomic<bool>> node_alive)
    : impl_(std::make_shared<impl>(io, node, std::move(access), away_s, std::move(node_alive))) {}

presence_keeper::~presence_keeper() { stop(); }

void presence_keeper::start() {
  std::weak_ptr<impl> weak = impl_;
  impl_->access->set_presence_listener([weak](int64_t tenant, int64_t user, bool connected) {
    auto self = weak.lock();
    if (!self) return;
    auto* node = &self->node;
    auto alive = self->node_alive;
    self->touch({user}, [node, alive, tenant, user, connected] {
      if (!*alive) return;
      node->publish(tenant, "presence.changed",
                    "{\"user_id\":" + std::to_string(user) +
                        ",\"connected\":" + (connected ? "true" : "false") + "}");
    });
  });
  impl_->arm();
}

void presence_keeper::stop() {
  impl_->stopped = true;
  impl_->access->set_presence_listener({});
  impl_->timer.cancel();
}

}  // namespace centralita::net
