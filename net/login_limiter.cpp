#include "net/login_limiter.hpp"

#include <algorithm>

namespace centralita::net {

namespace {
// Past this many keys, entries whose window has passed are dropped on the next attempt.
constexpr size_t prune_above = 10000;
}  // namespace

void login_limiter::expire(log& l, clock::time_point now, std::chrono::seconds window) {
  while (!l.empty() && now - l.front() >= window) l.pop_front();
}

void login_limiter::give_back(std::unordered_map<std::string, log>& m, const std::string& key) {
  auto it = m.find(key);
  if (it == m.end() || it->second.empty()) return;
  it->second.pop_back();
  if (it->second.empty()) m.erase(it);
}

void login_limiter::prune(std::unordered_map<std::string, log>& m, clock::time_point now) {
  if (m.size() <= prune_above) return;
  for (auto it = m.begin(); it != m.end();) {
    expire(it->second, now, window_);
    it = it->second.empty() ? m.erase(it) : std::next(it);
  }
}

int login_limiter::try_begin(const std::string& email, const std::string& ip,
                             clock::time_point now) {
  std::lock_guard<std::mutex> lock{mutex_};
  prune(emails_, now);
  prune(ips_, now);
  auto& by_email = emails_[email];
  auto& by_ip = ips_[ip];
  expire(by_email, now, window_);
  expire(by_ip, now, window_);
  auto wait = [&](const log& l) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(l.front() + window_ - now);
    return std::max<int>(1, static_cast<int>(left.count()) + 1);
  };
  int retry_after = 0;
  if (static_cast<int>(by_email.size()) >= per_email_) retry_after = wait(by_email);
  if (static_cast<int>(by_ip.size()) >= per_ip_) retry_after = std::max(retry_after, wait(by_ip));
  if (retry_after > 0) return retry_after;
  by_email.push_back(now);
  by_ip.push_back(now);
  return 0;
}

void login_limiter::succeeded(const std::string& email, const std::string& ip) {
  std::lock_guard<std::mutex> lock{mutex_};
  emails_.erase(email);
  give_back(ips_, ip);
}

void login_limiter::abandoned(const std::string& email, const std::string& ip) {
  std::lock_guard<std::mutex> lock{mutex_};
  give_back(emails_, email);
  give_back(ips_, ip);
}

}  // namespace centralita::net
