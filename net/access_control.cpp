#include "net/access_control.hpp"

namespace centralita::net {

uint64_t access_control::watch_socket(int64_t tenant_id, int64_t user_id,
                                      std::function<void()> close) {
  std::lock_guard<std::mutex> lock{sockets_mutex_};
  const uint64_t id = next_id_++;
  sockets_.emplace(id, socket_entry{tenant_id, user_id, std::move(close)});
  return id;
}

void access_control::unwatch_socket(uint64_t id) {
  std::lock_guard<std::mutex> lock{sockets_mutex_};
  sockets_.erase(id);
}

void access_control::close_where(const std::function<bool(const socket_entry&)>& match) {
  std::vector<std::function<void()>> closing;
  {
    std::lock_guard<std::mutex> lock{sockets_mutex_};
    for (auto it = sockets_.begin(); it != sockets_.end();) {
      if (match(it->second)) {
        closing.push_back(std::move(it->second.close));
        it = sockets_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& close : closing) close();
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
