#include "net/access_control.hpp"

#include <optional>

namespace centralita::net {

uint64_t access_control::watch_socket(int64_t tenant_id, int64_t user_id,
                                      std::function<void()> close) {
  uint64_t id = 0;
  bool first = false;
  std::function<void(int64_t, int64_t, bool)> presence;
  {
    std::lock_guard<std::mutex> lock{sockets_mutex_};
    id = next_id_++;
    sockets_.emplace(id, socket_entry{tenant_id, user_id, std::move(close)});
    first = ++per_user_[user_id] == 1;
    presence = presence_;
  }
  if (first && presence) presence(tenant_id, user_id, true);
  return id;
}

bool access_control::release(const socket_entry& s) {
  auto it = per_user_.find(s.user_id);
  if (it == per_user_.end()) return false;
  if (--it->second > 0) return false;
  per_user_.erase(it);
  return true;
}

void access_control::unwatch_socket(uint64_t id) {
  std::optional<socket_entry> last;
  std::function<void(int64_t, int64_t, bool)> presence;
  {
    std::lock_guard<std::mutex> lock{sockets_mutex_};
    auto it = sockets_.find(id);
    if (it == sockets_.end()) return;
    if (release(it->second)) last = socket_entry{it->second.tenant_id, it->second.user_id, {}};
    sockets_.erase(it);
    presence = presence_;
  }
  if (last && presence) presence(last->tenant_id, last->user_id, false);
}

void access_control::set_presence_listener(
    std::function<void(int64_t tenant_id, int64_t user_id, bool)> f) {
  std::lock_guard<std::mutex> lock{sockets_mutex_};
  presence_ = std::move(f);
}

std::vector<int64_t> access_control::connected_users() const {
  std::lock_guard<std::mutex> lock{sockets_mutex_};
  std::vector<int64_t> out;
  out.reserve(per_user_.size());
  for (const auto& [user, n] : per_user_) out.push_back(user);
  return out;
}

void access_control::close_where(const std::function<bool(const socket_entry&)>& match) {
  std::vector<std::function<void()>> closing;
  std::vector<std::pair<int64_t, int64_t>> gone;
  std::function<void(int64_t, int64_t, bool)> presence;
  {
    std::lock_guard<std::mutex> lock{sockets_mutex_};
    presence = presence_;
    for (auto it = sockets_.begin(); it != sockets_.end();) {
      if (match(it->second)) {
        if (release(it->second)) gone.emplace_back(it->second.tenant_id, it->second.user_id);
        closing.push_back(std::move(it->second.close));
        it = sockets_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& close : closing) close();
  for (auto [tenant, user] : gone) {
    if (presence) presence(tenant, user, false);
  }
}

void access_control::end_user_sessions(int64_t tenant_id, int64_t user_id) {
  close_where(
      [&](const socket_entry& s) { return s.tenant_id == tenant_id && s.user_id == user_id; });
}

void access_control::set_suspended(int64_t tenant_id, bool suspended) {
  {
    std::unique_lock<std::shared_mutex> lock{suspended_mutex_};
    ++changes_;
    if (suspended) {
      suspended_.insert(tenant_id);
    } else {
      suspended_.erase(tenant_id);
    }
  }
  if (suspended) close_where([&](const socket_entry& s) { return s.tenant_id == tenant_id; });
}

uint64_t access_control::changes() const {
  std::shared_lock<std::shared_mutex> lock{suspended_mutex_};
  return changes_;
}

void access_control::load_suspended(const std::vector<int64_t>& tenant_ids,
                                    uint64_t changes_before) {
  std::unordered_set<int64_t> fresh;
  {
    std::unique_lock<std::shared_mutex> lock{suspended_mutex_};
    if (changes_ != changes_before) return;  // the next read sees the change
    for (int64_t id : tenant_ids) {
      if (suspended_.count(id) == 0) fresh.insert(id);
    }
    suspended_ = {tenant_ids.begin(), tenant_ids.end()};
  }
  if (!fresh.empty())
    close_where([&](const socket_entry& s) { return fresh.count(s.tenant_id) > 0; });
}

bool access_control::suspended(int64_t tenant_id) const {
  std::shared_lock<std::shared_mutex> lock{suspended_mutex_};
  return suspended_.count(tenant_id) > 0;
}

}  // namespace centralita::net
